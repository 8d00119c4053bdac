import { SampleTexts } from './sample-texts';

export const fr: SampleTexts = {
  title: 'Accès non autorisé à l’archive des SMS',
  service: 'Passerelle SMS',
  systemName: 'Plateforme d’envoi de SMS',
  cause: 'Une vulnérabilité de la fonction d’export de l’archive, chez notre sous-traitant ultérieur, a été exploitée.',
  description: 'Un tiers non identifié a accédé à l’archive des SMS envoyés.\nCette archive contient les numéros des destinataires et le texte des messages.',
  consequences: 'Les destinataires pourraient recevoir des SMS ou des appels d’hameçonnage faisant référence à de véritables rendez-vous.',
  measuresTaken: 'La fonction vulnérable a été désactivée et les identifiants d’accès à l’archive ont été renouvelés.',
  measuresPlanned: 'Audit de sécurité externe du sous-traitant ultérieur, à réaliser d’ici le 31 mai 2023.',
  recommendedActions: 'Vérifier si le texte des messages que vous avez envoyés contenait des données à caractère personnel autres que le numéro de téléphone.',
  subjectActions: 'Se méfier des SMS et appels inattendus demandant des informations complémentaires ou un paiement.',
  notAffected: 'Les données de paiement, les mots de passe des comptes et les listes de contacts enregistrées dans l’espace client ne sont pas concernés.',
  changeSummary: 'Le nombre d’enregistrements concernés est désormais connu et les identifiants d’accès à l’archive ont été renouvelés.',
  withdrawalReason: 'Notre analyse montre que le serveur d’archivage concerné n’a jamais contenu de messages envoyés depuis votre compte.',
  delayReason: 'Le premier signalement de notre sous-traitant ultérieur ne précisait pas quels clients étaient concernés ; nous n’avons pu identifier votre organisme que le 20 avril 2023.',
  contactName: 'Équipe de réponse aux incidents',
  availability: '24 h/24, 7 j/7',
};
