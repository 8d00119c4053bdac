// The SMTP side of SmtpEmailDriver, in a thread of its own: nodemailer's pooled transport, building each
// message (MIME, quoted-printable) and writing it to the socket. That is about half of a worker's CPU per email,
// so the worker's main thread (claims, rendering, Bull) and this one run on two cores instead of one.
// Plain JavaScript: a worker thread loads a file as it is, both from the sources and from the build.
//
// In:  { id, mail } (nodemailer's sendMail options) | { close: true }
// Out: { id, info: { rejected, response } } | { id, error: { message, code, responseCode, response, permanent } }
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const nodemailer = require(workerData.nodemailer);

const transporter = nodemailer.createTransport(workerData.options);

parentPort.on('message', (message) => {
  if (message.close) {
    transporter.close();
    parentPort.close();
    return;
  }
  transporter.sendMail(message.mail).then(
    (info) => parentPort.postMessage({ id: message.id, info: { rejected: (info.rejected || []).map(String), response: info.response || '' } }),
    (error) =>
      parentPort.postMessage({
        id: message.id,
        error: {
          message: String((error && error.message) || error),
          code: error && error.code,
          responseCode: error && error.responseCode,
          response: error && error.response,
          permanent: error && error.permanent,
        },
      }),
  );
});
