//! The simulated Chorus Pro support: it answers the sollicitations routed to it after a delay on
//! the sandbox clock, with the help text that applies to the sous-catégorie (the typical
//! questions: activation link, connection, rattachement, gestionnaire principal, rejected
//! invoice). The delay (one day) is the sandbox's choice: the facts give none.

use crate::kernel::time::Timestamp;
use crate::sandbox::{Outcome, Sandbox};
use crate::sollicitations::{pas_support, Destinataire, Etat, Geste, SousCategorie};
use chrono::Duration;

/// The support answers one day (of sandbox time) after the last message.
pub const DELAI_SUPPORT_HEURES: i64 = 24;

/// The support's answer to a sous-catégorie: the help text that applies.
pub fn reponse_type(sc: SousCategorie) -> &'static str {
    match sc {
        SousCategorie::LienActivation => "Bonjour,\nLe lien d'activation envoyé par courriel est valable 60 minutes, et seul le dernier lien envoyé fonctionne. S'il a expiré ou si vous ne le trouvez pas (pensez aux courriers indésirables), demandez-en un nouveau : page « Se connecter » > « Recevoir un nouveau lien d'activation », avec l'adresse électronique de votre compte. Dans le bac à sable, le courriel arrive dans la Messagerie.\nLe support Chorus Pro",
        SousCategorie::MotDePasse => "Bonjour,\nSur la page « Se connecter », utilisez « Mot de passe oublié » : le lien de réinitialisation est envoyé à votre adresse électronique de connexion et reste valable 60 minutes. Si votre compte a été désactivé, demandez sa réactivation avec « Réactiver mon compte ».\nLe support Chorus Pro",
        SousCategorie::Rattachement => "Bonjour,\nPour travailler pour une structure, faites une demande de rattachement : « Mes structures » > « Se rattacher à une structure existante », avec l'identifiant (SIRET) de votre propre établissement. La demande part au gestionnaire principal de la structure, qui la valide ou la refuse ; vous recevez un courriel de sa décision. Tant qu'elle est en cours de validation, relancez votre gestionnaire principal plutôt que le support.\nLe support Chorus Pro",
        SousCategorie::GestionnairePrincipal => "Bonjour,\nLe gestionnaire principal peut transférer son rôle à un autre utilisateur de la structure (depuis la page « Utilisateurs » de la structure). S'il a quitté la structure, seul le support peut désigner un nouveau gestionnaire principal : répondez à ce message avec le nom et l'adresse électronique de la personne, qui doit déjà avoir un compte actif.\nLe support Chorus Pro",
        SousCategorie::FactureRejetee => "Bonjour,\nLe motif du rejet est donné par le destinataire : ouvrez la facture dans « Factures émises » > « Synthèse » et lisez l'historique des statuts. Une facture rejetée ne se corrige pas : acquittez le rejet, choisissez « Traiter le rejet », puis émettez une nouvelle facture, avec un nouveau numéro, après correction. Si l'erreur porte sur le destinataire (identifiant, code service, engagement juridique), la facture est plutôt mise « À recycler » et se recycle sans nouvelle saisie. Pour une question sur le motif lui-même, écrivez au service de l'entité publique (sous-catégorie « Autre question sur une facture »).\nLe support Chorus Pro",
        SousCategorie::SuiviTraitement | SousCategorie::QuestionFacture => "Bonjour,\nCette question relève du service de l'entité publique destinataire de la facture : le support Chorus Pro ne traite pas les factures. Écrivez-lui avec « Nous contacter », sous-catégorie « Suivi du traitement ou du paiement d'une facture », en indiquant son identifiant et son code service (voir l'annuaire).\nLe support Chorus Pro",
    }
}

/// Answers every sollicitation routed to the support whose delay has passed (dated when due).
pub fn simuler(sb: &Sandbox, now: Timestamp) -> Outcome<usize> {
    let mut out = Outcome::new();
    let mut n = 0;
    for s in sb.sollicitations.values() {
        if s.etat() != Etat::ATraiter || s.destinataire != Some(Destinataire::Support) {
            continue;
        }
        let Some(due) = Duration::try_hours(DELAI_SUPPORT_HEURES)
            .and_then(|d| s.modifiee_le().checked_add_signed(d))
        else {
            continue;
        };
        if due > now {
            continue;
        }
        let step = pas_support(
            sb,
            s,
            reponse_type(s.sous_categorie).to_string(),
            Geste::Reponse,
            due,
        );
        out.changes.extend(step.changes);
        out.reads.extend(step.reads);
        n += 1;
    }
    out.with_value(n)
}
