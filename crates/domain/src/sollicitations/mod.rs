//! Sollicitations (« Nous contacter », the current portal's tickets; facts §5): a catégorie and
//! a sous-catégorie route the request either to the Chorus Pro support (simulated here:
//! `simulation::support`) or to a service « métier » of a public structure. The receiver replies,
//! asks the sender for more information, or passes it to the support; the sender answers, sends a
//! reply back as unsatisfactory, or closes. Each ticket has a number unique in the sandbox, and
//! every step is notified in the Messagerie. Both sides see their tickets in the portal's tabs:
//! « Actions requises », « En cours », « Clôturés », « Brouillons » (the sender's drafts).

use crate::compte::messagerie::Courriel;
use crate::kernel::error::{DomainError, Validator};
use crate::kernel::ids::{CompteId, SollicitationId, StructureId};
use crate::kernel::text;
use crate::kernel::time::{paris_date, Timestamp};
use crate::organisation::droits::{Action, Application, Role};
use crate::organisation::rattachement::{authorize, may};
use crate::sandbox::{Collection, Outcome, Record, RecordKey, Sandbox};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

pub const MAX_TITRE: usize = 120;
pub const MAX_TEXTE: usize = 4_000;
pub const MAX_MESSAGES: usize = 200;

/// The fields of « Nous contacter » and of the answers.
pub mod champs {
    use crate::kernel::error::Champ;

    pub const SOUS_CATEGORIE: Champ = Champ::new("sous_categorie", "Catégorie et sous-catégorie");
    pub const STRUCTURE: Champ = Champ::new(
        "structure_destinataire",
        "Identifiant de la structure publique",
    );
    pub const SERVICE: Champ = Champ::new("service_destinataire", "Code service");
    pub const TITRE: Champ = Champ::new("titre", "Titre (résumé)");
    pub const TEXTE: Champ = Champ::new("texte", "Description");
    pub const REPONSE: Champ = Champ::new("reponse", "Votre message");
}

/// The catégories of « Nous contacter ».
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Categorie {
    CompteConnexion,
    StructureRattachement,
    Facturation,
}

impl Categorie {
    pub const ALL: [Categorie; 3] = [
        Categorie::CompteConnexion,
        Categorie::StructureRattachement,
        Categorie::Facturation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Categorie::CompteConnexion => "Compte et connexion",
            Categorie::StructureRattachement => "Structure et rattachement",
            Categorie::Facturation => "Facturation",
        }
    }
}

/// The sous-catégories; each belongs to one catégorie and routes to one kind of receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SousCategorie {
    LienActivation,
    MotDePasse,
    Rattachement,
    GestionnairePrincipal,
    FactureRejetee,
    SuiviTraitement,
    QuestionFacture,
}

/// Who receives a sollicitation of a sous-catégorie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routage {
    /// The Chorus Pro support.
    Support,
    /// A service « métier » of a public structure, chosen by the sender.
    ServiceMetier,
}

impl SousCategorie {
    pub const ALL: [SousCategorie; 7] = [
        SousCategorie::LienActivation,
        SousCategorie::MotDePasse,
        SousCategorie::Rattachement,
        SousCategorie::GestionnairePrincipal,
        SousCategorie::FactureRejetee,
        SousCategorie::SuiviTraitement,
        SousCategorie::QuestionFacture,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SousCategorie::LienActivation => "LIEN_ACTIVATION",
            SousCategorie::MotDePasse => "MOT_DE_PASSE",
            SousCategorie::Rattachement => "RATTACHEMENT",
            SousCategorie::GestionnairePrincipal => "GESTIONNAIRE_PRINCIPAL",
            SousCategorie::FactureRejetee => "FACTURE_REJETEE",
            SousCategorie::SuiviTraitement => "SUIVI_TRAITEMENT",
            SousCategorie::QuestionFacture => "QUESTION_FACTURE",
        }
    }

    pub fn from_code(s: &str) -> Option<SousCategorie> {
        SousCategorie::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn categorie(self) -> Categorie {
        match self {
            SousCategorie::LienActivation | SousCategorie::MotDePasse => Categorie::CompteConnexion,
            SousCategorie::Rattachement | SousCategorie::GestionnairePrincipal => {
                Categorie::StructureRattachement
            }
            SousCategorie::FactureRejetee
            | SousCategorie::SuiviTraitement
            | SousCategorie::QuestionFacture => Categorie::Facturation,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SousCategorie::LienActivation => {
                "Je n'ai pas reçu mon lien d'activation (ou il a expiré)"
            }
            SousCategorie::MotDePasse => "Je n'arrive pas à me connecter",
            SousCategorie::Rattachement => "Me rattacher à une structure",
            SousCategorie::GestionnairePrincipal => {
                "Le gestionnaire principal de ma structure ne répond pas"
            }
            SousCategorie::FactureRejetee => "Pourquoi ma facture est-elle rejetée ?",
            SousCategorie::SuiviTraitement => {
                "Suivi du traitement ou du paiement d'une facture (service de l'entité publique)"
            }
            SousCategorie::QuestionFacture => {
                "Autre question sur une facture (service de l'entité publique)"
            }
        }
    }

    /// The routing of the combination (facts §5): questions about the portal go to the support,
    /// questions about an invoice's treatment to the public structure's service.
    pub fn routage(self) -> Routage {
        match self {
            SousCategorie::SuiviTraitement | SousCategorie::QuestionFacture => {
                Routage::ServiceMetier
            }
            _ => Routage::Support,
        }
    }
}

/// Where a sollicitation is: read off its last message (`Sollicitation::etat`), never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Etat {
    Brouillon,
    /// Sent (or completed, or sent back): the receiver must act.
    ATraiter,
    /// The receiver asked the sender for more information.
    ComplementDemande,
    /// The receiver answered: the sender closes it or sends it back.
    Repondue,
    Cloturee,
}

impl Etat {
    pub fn label(self) -> &'static str {
        match self {
            Etat::Brouillon => "Brouillon",
            Etat::ATraiter => "À traiter par le destinataire",
            Etat::ComplementDemande => "Complément demandé",
            Etat::Repondue => "Répondue",
            Etat::Cloturee => "Clôturée",
        }
    }
}

/// Who wrote a message: read off its geste (`Geste::sens`), never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sens {
    /// The sender (the user who opened it).
    Demandeur,
    /// The receiving service, or the support.
    Destinataire,
}

/// What a message did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Geste {
    Envoi,
    Reponse,
    DemandeComplement,
    Complement,
    Renvoi,
    TransfertSupport,
    Cloture,
}

impl Geste {
    /// The sender writes Envoi, Complement, Renvoi and Cloture; the receiver the others.
    pub fn sens(self) -> Sens {
        match self {
            Geste::Envoi | Geste::Complement | Geste::Renvoi | Geste::Cloture => Sens::Demandeur,
            Geste::Reponse | Geste::DemandeComplement | Geste::TransfertSupport => {
                Sens::Destinataire
            }
        }
    }

    /// The state a sollicitation is in after this geste.
    pub fn etat_apres(self) -> Etat {
        match self {
            Geste::Envoi | Geste::Complement | Geste::Renvoi | Geste::TransfertSupport => {
                Etat::ATraiter
            }
            Geste::DemandeComplement => Etat::ComplementDemande,
            Geste::Reponse => Etat::Repondue,
            Geste::Cloture => Etat::Cloturee,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Geste::Envoi => "Envoi de la sollicitation",
            Geste::Reponse => "Réponse",
            Geste::DemandeComplement => "Demande de complément d'information",
            Geste::Complement => "Complément d'information",
            Geste::Renvoi => "Renvoi : réponse insatisfaisante",
            Geste::TransfertSupport => "Transfert au support Chorus Pro",
            Geste::Cloture => "Clôture",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub geste: Geste,
    /// The user who wrote it; `None` for the simulated support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub par: Option<CompteId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub texte: String,
    #[serde(with = "crate::kernel::time::millis")]
    pub at: Timestamp,
}

/// The receiver: the support, or a public structure's service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destinataire {
    Support,
    Service {
        structure: StructureId,
        code: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sollicitation {
    pub id: SollicitationId,
    /// Ticket number (empty on a draft): `SOL-<year>-<6 digits>`, unique in the sandbox.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub numero: String,
    pub auteur: CompteId,
    pub sous_categorie: SousCategorie,
    /// Set once sent (a draft may not know it yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinataire: Option<Destinataire>,
    pub titre: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The conversation, oldest first; empty on a draft. The state is its last message's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    #[serde(with = "crate::kernel::time::millis")]
    pub cree_le: Timestamp,
}

impl Sollicitation {
    /// Where it is: a draft without messages, else what its last geste made of it.
    pub fn etat(&self) -> Etat {
        self.messages
            .last()
            .map(|m| m.geste.etat_apres())
            .unwrap_or(Etat::Brouillon)
    }

    /// When it last changed (its last message, else its creation).
    pub fn modifiee_le(&self) -> Timestamp {
        self.messages.last().map(|m| m.at).unwrap_or(self.cree_le)
    }
}

/// A long text (description, answer): lines kept, other control characters refused.
pub fn texte_long(value: &str, label: &str, max: usize) -> Result<String, String> {
    let v = value.replace("\r\n", "\n");
    let v = v.trim();
    if v.is_empty() {
        return Err(format!("Le champ « {label} » est obligatoire."));
    }
    let n = v.chars().count();
    if n > max {
        return Err(format!(
            "Le champ « {label} » ne doit pas dépasser {max} caractères (actuellement {n})."
        ));
    }
    if v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!(
            "Le champ « {label} » contient un caractère de contrôle non autorisé."
        ));
    }
    Ok(v.to_string())
}

/// « Nous contacter » as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Formulaire {
    /// A sous-catégorie code.
    pub sous_categorie: String,
    /// For a service métier: the public structure's identifier and the code service.
    pub structure: String,
    pub service: String,
    pub titre: String,
    pub description: String,
}

/// The receiver the form names (a service métier: an active public structure and one of its
/// active services).
fn lire_destinataire(
    sb: &Sandbox,
    sc: SousCategorie,
    form: &Formulaire,
    now: Timestamp,
    v: &mut Validator,
) -> Option<Destinataire> {
    match sc.routage() {
        Routage::Support => Some(Destinataire::Support),
        Routage::ServiceMetier => {
            let wanted: String = form
                .structure
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if wanted.is_empty() {
                v.push(
                    champs::STRUCTURE,
                    "Indiquez l'identifiant (SIRET) de la structure publique à qui vous écrivez.",
                );
                return None;
            }
            let Some(s) = sb
                .structures
                .values()
                .find(|s| s.identifier == wanted && s.is_public() && s.is_active())
            else {
                v.push(champs::STRUCTURE, format!("Aucune structure publique active ne porte l'identifiant « {wanted} » (cherchez-la dans l'annuaire)."));
                return None;
            };
            let code = form.service.trim();
            let services = crate::organisation::annuaire::services_actifs(
                sb.services.values().map(|s| s.as_ref()),
                &s.id,
                paris_date(now),
            );
            if code.is_empty() {
                v.push(
                    champs::SERVICE,
                    "Choisissez le service de la structure à qui vous écrivez.",
                );
                return None;
            }
            if !services.iter().any(|sv| sv.code == code) {
                v.push(
                    champs::SERVICE,
                    format!("« {code} » n'est pas un service actif de cette structure."),
                );
                return None;
            }
            Some(Destinataire::Service {
                structure: s.id.clone(),
                code: code.to_string(),
            })
        }
    }
}

/// The index key that makes a ticket number unique across tabs.
pub fn index_numero(numero: &str) -> String {
    format!("sollicitation:{numero}")
}

/// The next ticket number of the year: one more than the highest already given.
pub fn prochain_numero(sb: &Sandbox, now: Timestamp) -> String {
    let annee = paris_date(now).year();
    let prefixe = format!("SOL-{annee}-");
    let max = sb
        .sollicitations
        .values()
        .filter_map(|s| s.numero.strip_prefix(&prefixe))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefixe}{:06}", max.saturating_add(1))
}

/// The mails a step sends to the other side: the sender (their contact address), or the users of
/// the receiving structure who handle its sollicitations (the support needs none).
fn courriels(sb: &Sandbox, s: &Sollicitation, vers: Sens, at: Timestamp) -> Vec<Record> {
    let geste = s
        .messages
        .last()
        .map(|m| m.geste.label())
        .unwrap_or("Mise à jour");
    let subject = format!("Sollicitation n° {} : {}", s.numero, geste.to_lowercase());
    let body = format!(
        "Bonjour,\n\nLa sollicitation n° {} « {} » a changé : {geste} (état : {}).\n\nRetrouvez-la dans {}.\n\nCe message est simulé par le bac à sable Chorus Pro : aucune donnée n'est transmise.",
        s.numero,
        s.titre,
        s.etat().label(),
        if vers == Sens::Demandeur { "Nous contacter > Mes sollicitations" } else { "Sollicitations reçues" },
    );
    let mail = |a: &crate::compte::Compte| {
        Record::Courriel(Rc::new(Courriel::new(
            &a.contact_email,
            Some(&a.id),
            subject.clone(),
            body.clone(),
            at,
        )))
    };
    match (vers, &s.destinataire) {
        (Sens::Demandeur, _) => sb
            .comptes
            .get(&s.auteur)
            .map(|a| mail(a))
            .into_iter()
            .collect(),
        (Sens::Destinataire, Some(Destinataire::Service { structure, .. })) => sb
            .rattachements
            .values()
            .filter(|r| &r.structure == structure && r.is_validated())
            .filter(|r| {
                r.role == Role::GestionnairePrincipal
                    || r.habilitations.contains_key(&Application::Sollicitations)
            })
            .filter_map(|r| sb.comptes.get(&r.account))
            .map(|a| mail(a))
            .collect(),
        _ => Vec::new(),
    }
}

fn lire(
    sb: &Sandbox,
    form: &Formulaire,
    now: Timestamp,
    complet: bool,
) -> Result<(SousCategorie, Option<Destinataire>, String, String), DomainError> {
    let mut v = Validator::new();
    let sc = SousCategorie::from_code(&form.sous_categorie);
    if sc.is_none() {
        v.push(champs::SOUS_CATEGORIE, "Choisissez la catégorie et la sous-catégorie de votre demande : elles décident qui vous répondra.");
    }
    let destinataire = match sc {
        Some(sc) if complet || !form.structure.trim().is_empty() => {
            lire_destinataire(sb, sc, form, now, &mut v)
        }
        _ => None,
    };
    let titre = match text::required(&form.titre, champs::TITRE.libelle, MAX_TITRE) {
        Ok(t) => t,
        Err(e) => {
            v.push(champs::TITRE, e);
            String::new()
        }
    };
    let description = if complet || !form.description.trim().is_empty() {
        match texte_long(&form.description, champs::TEXTE.libelle, MAX_TEXTE) {
            Ok(t) => t,
            Err(e) => {
                v.push(champs::TEXTE, e);
                String::new()
            }
        }
    } else {
        String::new()
    };
    v.finish()?;
    match sc {
        Some(sc) => Ok((sc, destinataire, titre, description)),
        None => Err(DomainError::field(
            champs::SOUS_CATEGORIE,
            "Choisissez la catégorie et la sous-catégorie.",
        )),
    }
}

/// The sollicitation `id`, if the actor is its sender.
fn a_moi<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    id: &SollicitationId,
) -> Result<&'a Rc<Sollicitation>, DomainError> {
    crate::compte::acting(sb, actor)?;
    let s = sb.sollicitations.get(id).ok_or_else(|| {
        DomainError::NotFound("Cette sollicitation n'existe pas (ou plus).".to_string())
    })?;
    if &s.auteur != actor {
        return Err(DomainError::Forbidden(
            "Accès refusé : cette sollicitation a été envoyée par un autre utilisateur."
                .to_string(),
        ));
    }
    Ok(s)
}

/// The actor's own draft being completed (`id` None: a new one); a sent one is not a draft.
fn brouillon_a_moi<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    id: Option<&SollicitationId>,
) -> Result<Option<&'a Rc<Sollicitation>>, DomainError> {
    crate::compte::acting(sb, actor)?;
    let Some(id) = id else {
        return Ok(None);
    };
    let s = a_moi(sb, actor, id)?;
    if s.etat() != Etat::Brouillon {
        return Err(DomainError::Rule(
            "Cette sollicitation est déjà envoyée.".to_string(),
        ));
    }
    Ok(Some(s))
}

/// The sollicitation the form describes, as the actor's draft `id` (or a new one): every check
/// when `complete` (to send), the draft's own otherwise. No number and no message yet.
fn redaction(
    sb: &Sandbox,
    actor: &CompteId,
    id: Option<&SollicitationId>,
    form: &Formulaire,
    now: Timestamp,
    complete: bool,
) -> Result<Sollicitation, DomainError> {
    let base = brouillon_a_moi(sb, actor, id)?;
    let (sc, destinataire, titre, description) = lire(sb, form, now, complete)?;
    Ok(Sollicitation {
        id: base
            .map(|b| b.id.clone())
            .unwrap_or_else(SollicitationId::generate),
        numero: String::new(),
        auteur: actor.clone(),
        sous_categorie: sc,
        destinataire,
        titre,
        description,
        messages: Vec::new(),
        cree_le: base.map(|b| b.cree_le).unwrap_or(now),
    })
}

/// « Enregistrer le brouillon » (`id` None: a new one).
pub fn enregistrer_brouillon(
    sb: &Sandbox,
    actor: &CompteId,
    id: Option<&SollicitationId>,
    form: &Formulaire,
    now: Timestamp,
) -> Result<Outcome<SollicitationId>, DomainError> {
    let s = redaction(sb, actor, id, form, now, false)?;
    let id = s.id.clone();
    Ok(Outcome::new()
        .put(Record::Sollicitation(Rc::new(s)))
        .with_value(id))
}

/// « Soumettre »: every check, a ticket number, the receiver notified.
pub fn envoyer(
    sb: &Sandbox,
    actor: &CompteId,
    id: Option<&SollicitationId>,
    form: &Formulaire,
    now: Timestamp,
) -> Result<Outcome<SollicitationId>, DomainError> {
    let mut s = redaction(sb, actor, id, form, now, true)?;
    let numero = prochain_numero(sb, now);
    s.numero = numero.clone();
    s.messages = vec![Message {
        geste: Geste::Envoi,
        par: Some(actor.clone()),
        texte: s.description.clone(),
        at: now,
    }];
    let mut mails = courriels(sb, &s, Sens::Destinataire, now);
    mails.extend(courriels(sb, &s, Sens::Demandeur, now));
    let id = s.id.clone();
    Ok(Outcome::new()
        .put(Record::Sollicitation(Rc::new(s)))
        .put_all(mails)
        .taking(
            index_numero(&numero),
            DomainError::Rule(format!("Le numéro de sollicitation {numero} vient d'être pris dans un autre onglet : soumettez à nouveau.")),
        )
        .with_value(id))
}

/// Deletes a draft.
pub fn supprimer_brouillon(
    sb: &Sandbox,
    actor: &CompteId,
    id: &SollicitationId,
) -> Result<Outcome, DomainError> {
    let s = a_moi(sb, actor, id)?;
    if s.etat() != Etat::Brouillon {
        return Err(DomainError::Rule(
            "Seul un brouillon se supprime.".to_string(),
        ));
    }
    Ok(Outcome::new().delete(RecordKey::new(Collection::Sollicitation, id.as_str())))
}

/// Which side the actor sees a sollicitation from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vue {
    Demandeur,
    /// A user of the receiving structure (who may consult its sollicitations).
    Destinataire,
}

/// Whether the actor may open the sollicitation, and as whom.
pub fn vue(sb: &Sandbox, actor: &CompteId, s: &Sollicitation) -> Option<Vue> {
    if &s.auteur == actor {
        return Some(Vue::Demandeur);
    }
    match &s.destinataire {
        Some(Destinataire::Service { structure, .. })
            if s.etat() != Etat::Brouillon
                && may(sb, actor, structure, Action::ConsulterSollicitationsRecues).is_ok() =>
        {
            Some(Vue::Destinataire)
        }
        _ => None,
    }
}

/// The tabs of both lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Onglet {
    ActionsRequises,
    EnCours,
    Clotures,
    Brouillons,
}

impl Onglet {
    pub const ALL: [Onglet; 4] = [
        Onglet::ActionsRequises,
        Onglet::EnCours,
        Onglet::Clotures,
        Onglet::Brouillons,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Onglet::ActionsRequises => "Actions requises",
            Onglet::EnCours => "En cours",
            Onglet::Clotures => "Clôturés",
            Onglet::Brouillons => "Brouillons",
        }
    }
}

/// The tab a sollicitation is in, seen from `vue`: « Actions requises » when that side must act.
pub fn onglet(s: &Sollicitation, vue: Vue) -> Onglet {
    match (s.etat(), vue) {
        (Etat::Brouillon, _) => Onglet::Brouillons,
        (Etat::Cloturee, _) => Onglet::Clotures,
        (Etat::ComplementDemande | Etat::Repondue, Vue::Demandeur) => Onglet::ActionsRequises,
        (Etat::ATraiter, Vue::Destinataire) => Onglet::ActionsRequises,
        _ => Onglet::EnCours,
    }
}

/// The actor's own sollicitations in a tab, most recently changed first.
pub fn mes_sollicitations<'a>(
    sb: &'a Sandbox,
    actor: &CompteId,
    tab: Onglet,
) -> Vec<&'a Rc<Sollicitation>> {
    recentes(
        sb.sollicitations
            .values()
            .filter(|s| &s.auteur == actor && onglet(s, Vue::Demandeur) == tab),
    )
}

/// Most recently changed first (ties: the map's order). Placed one by one rather than sorted:
/// the lists are short, and a sort instantiated for them cost 11 KB of wasm before optimisation.
fn recentes<'a>(it: impl Iterator<Item = &'a Rc<Sollicitation>>) -> Vec<&'a Rc<Sollicitation>> {
    let mut out: Vec<&Rc<Sollicitation>> = Vec::new();
    for s in it {
        let t = s.modifiee_le();
        let at = out.partition_point(|x| x.modifiee_le() >= t);
        out.insert(at, s);
    }
    out
}

/// The sollicitations a structure's services received, in a tab, most recently changed first.
pub fn recues<'a>(
    sb: &'a Sandbox,
    structure: &StructureId,
    tab: Onglet,
) -> Vec<&'a Rc<Sollicitation>> {
    recentes(
        sb.sollicitations
            .values()
            .filter(|s| s.etat() != Etat::Brouillon)
            .filter(|s| matches!(&s.destinataire, Some(Destinataire::Service { structure: st, .. }) if st == structure))
            .filter(|s| onglet(s, Vue::Destinataire) == tab),
    )
}

/// What the actor may do on a sollicitation now (the page shows only these).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gestes {
    pub repondre: bool,
    pub demander_complement: bool,
    pub transferer_support: bool,
    pub completer: bool,
    pub renvoyer: bool,
    pub cloturer: bool,
}

pub fn gestes(sb: &Sandbox, actor: &CompteId, s: &Sollicitation) -> Gestes {
    match vue(sb, actor, s) {
        Some(Vue::Demandeur) => Gestes {
            completer: s.etat() == Etat::ComplementDemande,
            renvoyer: s.etat() == Etat::Repondue,
            cloturer: matches!(
                s.etat(),
                Etat::ATraiter | Etat::ComplementDemande | Etat::Repondue
            ),
            ..Gestes::default()
        },
        Some(Vue::Destinataire) => {
            let traite = match &s.destinataire {
                Some(Destinataire::Service { structure, .. }) => {
                    may(sb, actor, structure, Action::TraiterSollicitations).is_ok()
                }
                _ => false,
            };
            let a_traiter = traite && s.etat() == Etat::ATraiter;
            Gestes {
                repondre: a_traiter,
                demander_complement: a_traiter,
                transferer_support: a_traiter,
                ..Gestes::default()
            }
        }
        None => Gestes::default(),
    }
}

/// A step on a sollicitation: the message (who acts, what, with which text); the new state is
/// its geste's.
fn pas(sb: &Sandbox, s: &Sollicitation, m: Message) -> Outcome {
    let mut next = s.clone();
    let at = m.at;
    // The other side hears of it.
    let vers = if m.geste.sens() == Sens::Demandeur {
        Sens::Destinataire
    } else {
        Sens::Demandeur
    };
    next.messages.push(m);
    let mails = courriels(sb, &next, vers, at);
    Outcome::new()
        .put(Record::Sollicitation(Rc::new(next)))
        .put_all(mails)
        .reading(RecordKey::new(Collection::Sollicitation, s.id.as_str()))
}

fn sollicitation<'a>(
    sb: &'a Sandbox,
    id: &SollicitationId,
) -> Result<&'a Rc<Sollicitation>, DomainError> {
    sb.sollicitations.get(id).ok_or_else(|| {
        DomainError::NotFound("Cette sollicitation n'existe pas (ou plus).".to_string())
    })
}

/// The receiving service acts (répondre, demander un complément, transférer au support).
pub fn traiter(
    sb: &Sandbox,
    actor: &CompteId,
    id: &SollicitationId,
    geste: Geste,
    texte: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let s = sollicitation(sb, id)?;
    let Some(Destinataire::Service { structure, .. }) = &s.destinataire else {
        return Err(DomainError::Forbidden(
            "Accès refusé : cette sollicitation est traitée par le support Chorus Pro.".to_string(),
        ));
    };
    authorize(sb, actor, structure, Action::TraiterSollicitations)?;
    if s.etat() != Etat::ATraiter {
        return Err(DomainError::Rule(format!(
            "La sollicitation n° {} n'attend pas de réponse de votre part (état : {}).",
            s.numero,
            s.etat().label()
        )));
    }
    let texte = texte_long(texte, champs::REPONSE.libelle, MAX_TEXTE)
        .map_err(|e| DomainError::field(champs::REPONSE, e))?;
    if geste.sens() != Sens::Destinataire {
        return Err(DomainError::Rule(
            "Geste impossible pour le destinataire.".to_string(),
        ));
    }
    let m = Message {
        geste,
        par: Some(actor.clone()),
        texte,
        at: now,
    };
    let mut out = pas(sb, s, m);
    if geste == Geste::TransfertSupport {
        // Now the support's: the structure no longer sees it.
        if let Some(crate::sandbox::Change::Put(Record::Sollicitation(n))) = out.changes.first_mut()
        {
            let mut n2 = (**n).clone();
            n2.destinataire = Some(Destinataire::Support);
            *n = Rc::new(n2);
        }
    }
    Ok(out)
}

/// The sender acts: complète (after a request for information), renvoie (unsatisfied by the
/// answer), clôture.
pub fn repondre_demandeur(
    sb: &Sandbox,
    actor: &CompteId,
    id: &SollicitationId,
    geste: Geste,
    texte: &str,
    now: Timestamp,
) -> Result<Outcome, DomainError> {
    let s = a_moi(sb, actor, id)?;
    let g = gestes(sb, actor, s);
    let permis = match geste {
        Geste::Complement => g.completer,
        Geste::Renvoi => g.renvoyer,
        Geste::Cloture => g.cloturer,
        _ => false,
    };
    if !permis {
        return Err(DomainError::Rule(format!(
            "« {} » n'est pas possible sur la sollicitation n° {} (état : {}).",
            geste.label(),
            s.numero,
            s.etat().label()
        )));
    }
    let texte = if geste == Geste::Cloture && texte.trim().is_empty() {
        String::new()
    } else {
        texte_long(texte, champs::REPONSE.libelle, MAX_TEXTE)
            .map_err(|e| DomainError::field(champs::REPONSE, e))?
    };
    let m = Message {
        geste,
        par: Some(actor.clone()),
        texte,
        at: now,
    };
    Ok(pas(sb, s, m))
}

/// A step of the simulated support (used by `simulation::support`).
pub(crate) fn pas_support(
    sb: &Sandbox,
    s: &Sollicitation,
    texte: String,
    geste: Geste,
    at: Timestamp,
) -> Outcome {
    let m = Message {
        geste,
        par: None,
        texte,
        at,
    };
    pas(sb, s, m)
}
