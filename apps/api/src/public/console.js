// Progressive enhancement only: every page works without this script.
(function () {
  'use strict';

  // Live progress over server-sent events.
  var section = document.querySelector('#progress[data-stream]');
  if (section && 'EventSource' in window) {
    var source = new EventSource(section.getAttribute('data-stream'));
    var set = function (selector, text) {
      var el = section.querySelector(selector);
      if (el) el.textContent = text;
    };
    source.addEventListener('progress', function (event) {
      var p = JSON.parse(event.data);
      var bar = section.querySelector('progress');
      bar.max = Math.max(p.total, 1);
      bar.value = p.settled;
      bar.textContent = p.percent + '%';
      set('[data-field="summary"]', p.settled + ' of ' + p.total + ' settled (' + p.percent + '%)');
      set('[data-field="affected"]', p.affectedTenants);
      set('[data-field="acknowledged"]', p.acknowledgedTenants);
      set('[data-field="late"]', p.lateTenants);
      // Rate, time left and why it is slow; the warning when no worker consumes.
      var show = function (selector, text) {
        var el = section.querySelector(selector);
        if (!el) return;
        el.textContent = text || '';
        el.hidden = !text;
      };
      show('[data-field="pace"]', p.paceLine);
      show('[data-field="worker"]', p.workerWarning);
      // The badge shows the status the live line shows: one source.
      var badge = document.querySelector('[data-live-badge]');
      if (badge && badge.textContent !== p.status) {
        badge.textContent = p.status;
        badge.className = 'status big status-' + p.status;
      }
      p.segments.forEach(function (s) {
        var seg = section.querySelector('[data-seg="' + s.status + '"]');
        if (seg) seg.style.width = s.percent + '%';
      });
      p.rows.forEach(function (r) {
        set('[data-cell="' + r.status + '-all"]', r.all);
        r.byChannel.forEach(function (c) {
          set('[data-cell="' + r.status + '-' + c.channel + '"]', c.n);
        });
      });
      var state = section.querySelector('[data-field="state"]');
      if (p.done) {
        state.innerHTML = '';
        var strong = document.createElement('strong');
        strong.textContent = 'Done';
        state.appendChild(strong);
        state.appendChild(document.createTextNode(': every notice has settled (' + p.completedAt.slice(0, 19).replace('T', ' ') + ' UTC).'));
      } else {
        state.textContent = 'Status: ' + p.status + ' — updating live.';
      }
    });
    source.addEventListener('done', function () {
      source.close();
    });
    // The session ended (signed out elsewhere, or the key was revoked): back to sign-in.
    source.addEventListener('signed-out', function () {
      source.close();
      window.location.assign('/console/login?next=' + encodeURIComponent(window.location.pathname));
    });
  }

  // Forms that ask before an irreversible step (dispatch).
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  // Tenant import: read the chosen file into the form's text box.
  document.querySelectorAll('input[type=file][data-fills]').forEach(function (input) {
    input.addEventListener('change', function () {
      var target = document.getElementById(input.getAttribute('data-fills'));
      var file = input.files && input.files[0];
      if (!target || !file) return;
      var reader = new FileReader();
      reader.onload = function () {
        target.value = String(reader.result);
      };
      reader.readAsText(file);
    });
  });

  // After a failed submit, take keyboard and screen-reader users to the list of problems.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
