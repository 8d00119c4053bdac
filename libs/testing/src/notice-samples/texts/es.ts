import { SampleTexts } from './sample-texts';

export const es: SampleTexts = {
  title: 'Acceso no autorizado al archivo de SMS',
  service: 'pasarela de SMS',
  systemName: 'Plataforma de envío de SMS',
  cause: 'Un tercero aprovechó una vulnerabilidad en la función de exportación del archivo de nuestro subencargado.',
  description: 'Un tercero no identificado accedió al archivo de los SMS enviados.\nEl archivo contiene los números de teléfono de los destinatarios y el texto de los mensajes.',
  consequences: 'Los destinatarios podrían recibir llamadas o mensajes fraudulentos (phishing) que mencionen citas reales.',
  measuresTaken: 'Se desactivó la función vulnerable y se cambiaron las credenciales de acceso al archivo.',
  measuresPlanned: 'Auditoría de seguridad externa del subencargado, que concluirá a más tardar el 31 de mayo de 2023.',
  recommendedActions: 'Compruebe si el texto de los mensajes que envió contenía datos personales además del número de teléfono. Como responsable del tratamiento, le corresponde decidir si notifica la brecha a la autoridad de control y si la comunica a los interesados.',
  subjectActions: 'Que desconfíen de las llamadas y los mensajes inesperados en los que se les pidan más datos o algún pago.',
  notAffected: 'No se han visto afectadas las listas de contactos guardadas en el panel de cliente.',
  changeSummary: 'Nuestro análisis forense ha determinado que el archivo se copió (exfiltración). Seguimos investigando si se ha hecho un uso indebido de los datos.',
  withdrawalReason: 'Nuestro análisis muestra que el servidor de archivo afectado nunca almacenó mensajes enviados desde su cuenta.',
  delayReason: 'El primer informe de nuestro subencargado no indicaba qué clientes estaban afectados; no pudimos identificar a su organización hasta el 20 de abril de 2023.',
  contactName: 'Equipo de respuesta a incidentes',
  availability: 'las 24 horas del día, los 7 días de la semana',
};
