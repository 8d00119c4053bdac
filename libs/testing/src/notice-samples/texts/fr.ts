import { SampleTexts } from './sample-texts';

export const fr: SampleTexts = {
  title: 'Accès non autorisé à l’archive des SMS',
  service: 'passerelle SMS',
  systemName: 'Plateforme d’envoi de SMS',
  cause: 'Une vulnérabilité de la fonction d’export de l’archive, chez notre sous-traitant ultérieur, a été exploitée.',
  description: 'Un tiers non identifié a accédé à l’archive des SMS envoyés.\nCette archive contient les numéros des destinataires et le texte des messages.',
  consequences: 'Les destinataires pourraient recevoir des SMS ou des appels d’hameçonnage faisant référence à de véritables rendez-vous.',
  measuresTaken: 'La fonction vulnérable a été désactivée et les identifiants d’accès à l’archive ont été renouvelés.',
  measuresPlanned: 'Audit de sécurité externe du sous-traitant ultérieur, à réaliser d’ici le 31 mai 2023.',
  recommendedActions: 'Nous vous recommandons de vérifier si le texte des messages que vous avez envoyés contenait des données à caractère personnel autres que le numéro de téléphone. Il vous appartient, en tant que responsable du traitement, de décider s’il y a lieu de notifier la violation à l’autorité de contrôle et de la communiquer aux personnes concernées.',
  subjectActions: 'Se méfier des SMS et appels inattendus demandant des informations complémentaires ou un paiement.',
  notAffected: 'Les listes de contacts enregistrées dans l’espace client ne sont pas concernées.',
  changeSummary: 'Notre analyse forensique a établi que l’archive a été copiée (exfiltration). L’enquête se poursuit pour savoir si les données ont été utilisées à des fins malveillantes.',
  withdrawalReason: 'Notre analyse montre que le serveur d’archivage concerné n’a jamais contenu de messages envoyés depuis votre compte.',
  delayReason: 'Le premier signalement de notre sous-traitant ultérieur ne précisait pas quels clients étaient concernés ; nous n’avons pu identifier votre organisme que le 20 avril 2023.',
  contactName: 'Équipe de réponse aux incidents',
  availability: '24 h/24, 7 j/7',
};
