//! « Factures de travaux »: the dossiers de facturation of the user's works marchés (and the
//! « fiche identité » that creates one), and a dossier's page: its actors, every document with who
//! deposited it, its status and delay, what is awaited from whom, and the actions the domain
//! offers the user (deposit a PDF with its routing data, « Récupérer », « Refuser »).
//!
//! One component for both addresses, fields and tables drawn by one function each: every inline
//! use of a component or element costs code in the bundle.

use super::structure_de_travail;
use crate::ui::components::form::{
    bind, required_note, select_field, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::components::pieces_jointes::{fichiers_choisis, lire, LienTelechargement};
use crate::ui::context::use_app;
use crate::ui::hooks::{use_command, CommandHandle};
use crate::ui::route::Route;
use domain::facturation::facture::PieceJointe;
use domain::facturation::pieces_jointes::verifier_pdf;
use domain::facturation::travaux::{
    self as tr, champs, Depot, DocumentTravaux, DossierTravaux as Dossier, FicheIdentite,
    MotifRefus, RoleTravaux,
};
use domain::kernel::error::Champ;
use domain::kernel::ids::{
    CompteId, DocumentTravauxId, DossierTravauxId, PieceJointeId, StructureId,
};
use domain::kernel::time::{date_fr, datetime_fr};
use domain::organisation::droits::Action;
use domain::organisation::rattachement::may;
use domain::{DomainError, Sandbox, Timestamp};
use std::rc::Rc;
use storage::backend::ActionError;
use yew::prelude::*;

fn nom(sb: &Sandbox, id: &StructureId) -> String {
    sb.structures
        .get(id)
        .map(|s| s.raison_sociale.clone())
        .unwrap_or_else(|| "structure inconnue".to_string())
}

/// One text field (one instantiation of the component for the whole page).
fn texte(
    c: Champ,
    required: bool,
    value: &str,
    oninput: Callback<String>,
    hint: Option<&'static str>,
    error: Option<String>,
) -> Html {
    html! {
        <TextField id={c.id} label={c.libelle} {required} value={value.to_string()} {oninput}
            hint={hint.map(AttrValue::Static)} {error} />
    }
}

/// A table with its caption and column headers.
fn tableau(id: &'static str, caption: &'static str, cols: &[&'static str], rows: Html) -> Html {
    html! {
        <table class="tableau" {id}>
            <caption>{caption}</caption>
            <thead><tr>{ for cols.iter().map(|c| html! { <th scope="col">{*c}</th> }) }</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Options of a select: an empty first choice, then the items.
fn options(vide: &str, items: Vec<(String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), vide.to_string()))
        .chain(items)
        .collect()
}

fn erreur(champ: Champ, message: &str) -> Feedback {
    Feedback {
        error: Some(ActionError::Domain(DomainError::field(champ, message))),
        done: None,
    }
}

fn aide() -> Html {
    html! { <>
        <p>{"Un marché de travaux se facture dans un dossier de facturation qui réunit ses acteurs : le titulaire (et ses cotraitants ou sous-traitants), le maître d'œuvre (MOE) et le maître d'ouvrage (MOA). Le titulaire le crée à partir de la « fiche identité du marché », que les parties remplissent ensemble pour s'accorder sur les SIRET, l'engagement juridique et le code service."}</p>
        <p>{"Chaque mois, le fournisseur dépose un projet de décompte mensuel (A4, ou A10 / A13 pour un sous-traitant / cotraitant) ; la MOE le récupère et dépose son état d'acompte (A15) dans les 7 jours ; la MOA dépose l'état d'acompte validé (A19), que son service financier reçoit dans « Factures reçues » et paie. Chaque partie « associe » son document au précédent. Un écart de montant n'est pas un motif de refus : depuis le 19/02/2025, la MOE ou la MOA corrige le montant (et l'explique) au lieu de refuser le document en bloc. Un refus par la MOE arrête le circuit avec son motif ; le fournisseur dépose alors un nouveau projet. Si la MOE laisse passer ses 7 jours, la MOA peut déposer l'état d'acompte validé directement."}</p>
        <p>{"Les documents finaux suivent le même mécanisme : projet de décompte final (A7), décompte général de la MOE (A18) puis de la MOA (A20), décompte général et définitif signé par le titulaire (A8), que le service financier reçoit. Les documents de travaux se déposent en PDF avec leurs données d'acheminement ; ils ne se saisissent pas ligne à ligne."}</p>
        <p>{"Bac à sable : une MOE ou une MOA pour laquelle personne ne travaille est simulée sur l'horloge du bac à sable (récupération après 1 jour, état d'acompte de la MOE après 3 jours, état d'acompte validé de la MOA 2 jours après). La liste des motifs de refus (hors « erreur de montant ») et l'envoi du DGD au service financier sont des choix plausibles du bac à sable : le portail ne les publie pas."}</p>
    </> }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The dossier shown; None: the list of dossiers.
    #[prop_or_default]
    pub id: Option<String>,
}

/// The deposit form as typed: the chosen possibility (its index) and the fields.
#[derive(Clone, Default, PartialEq)]
struct Saisie {
    choix: String,
    numero: String,
    ht: String,
    tva: String,
    ttc: String,
    correction: String,
}

/// The refusal form.
#[derive(Clone, Default, PartialEq)]
struct Refus {
    document: String,
    motif: String,
    commentaire: String,
}

/// The chosen PDF with its bytes, kept until the commit stores them.
type Pdf = Option<(PieceJointe, Rc<Vec<u8>>)>;

/// What the page's forms keep.
#[derive(Clone)]
struct Etat {
    cmd: CommandHandle,
    fiche: UseStateHandle<FicheIdentite>,
    saisie: UseStateHandle<Saisie>,
    refus: UseStateHandle<Refus>,
    pdf: UseStateHandle<Pdf>,
    pdf_error: UseStateHandle<Option<String>>,
}

/// « Factures de travaux » (`id` None) or one dossier de facturation.
#[component]
pub fn Travaux(props: &Props) -> Html {
    let app = use_app();
    let e = Etat {
        cmd: use_command(),
        fiche: use_state(FicheIdentite::default),
        saisie: use_state(Saisie::default),
        refus: use_state(Refus::default),
        pdf: use_state(|| None),
        pdf_error: use_state(|| None),
    };
    let Some(actor) = app.account().map(|a| a.id.clone()) else {
        return html! {};
    };
    let sb = app.sandbox();
    let now = app.now();
    let Some(id) = &props.id else {
        return liste(&e, &sb, &actor, now);
    };
    let route = Route::DossierTravaux { id: id.clone() };
    let parents = vec![Route::Accueil, Route::Facturation, Route::FacturesTravaux];
    let (title, body) = match tr::consulter(&sb, &actor, &DossierTravauxId::from(id.as_str())) {
        Ok(d) => (
            format!("Dossier de facturation — marché {}", d.marche),
            dossier(&e, &app, &sb, &actor, d, now),
        ),
        Err(err) => (
            "Accès refusé".to_string(),
            html! { <>
                <p class="alerte alerte-erreur" role="alert">{err.to_string()}</p>
                <p>{link(Route::FacturesTravaux, "Retour aux factures de travaux", "")}</p>
            </> },
        ),
    };
    html! {
        <Page {route} title={Some(AttrValue::from(title))} parents={Some(parents)} help={aide()}>{body}</Page>
    }
}

/// The dossiers the user sees, and the fiche identité of a new one.
fn liste(e: &Etat, sb: &Rc<Sandbox>, actor: &CompteId, now: Timestamp) -> Html {
    let app = e.cmd.app();
    let route = Route::FacturesTravaux;
    let a = match structure_de_travail(app, Action::ConsulterFacturesTravaux, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let rows: Html = tr::dossiers_visibles(sb, actor)
        .into_iter()
        .map(|d| {
            let roles: Vec<&str> = d
                .acteurs()
                .into_iter()
                .filter(|(_, s)| may(sb, actor, s, Action::ConsulterFacturesTravaux).is_ok())
                .map(|(r, _)| r.label())
                .collect();
            html! {
                <tr key={d.id.to_string()}>
                    <td>{link(Route::DossierTravaux { id: d.id.to_string() }, d.marche.clone(), "")}</td>
                    <td>{d.objet.clone()}</td>
                    <td>{nom(sb, &d.titulaire)}</td>
                    <td>{nom(sb, &d.moe)}</td>
                    <td>{nom(sb, &d.moa)}</td>
                    <td>{roles.join(", ")}</td>
                    <td>{attentes(sb, d, now)}</td>
                </tr>
            }
        })
        .collect();
    let fb = e.cmd.feedback();
    let form = &e.fiche;
    let onsubmit = {
        let (cmd, form, sid) = (e.cmd.clone(), form.clone(), a.structure.id.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let f = (*form).clone();
            if cmd
                .run(
                    "Le dossier de facturation est créé : ouvrez-le pour déposer votre premier projet de décompte mensuel.",
                    |sb, actor, now| tr::creer_dossier(sb, actor, &sid, &f, now),
                )
                .is_some()
            {
                form.set(FicheIdentite::default());
            }
        })
    };
    let structures = |v: Vec<&Rc<domain::organisation::structure::Structure>>, vide: &str| {
        options(
            vide,
            v.into_iter()
                .map(|s| {
                    (
                        s.id.to_string(),
                        format!("{} — {}", s.raison_sociale, s.identifier),
                    )
                })
                .collect(),
        )
    };
    type Get = fn(&FicheIdentite) -> &String;
    type Set = fn(&mut FicheIdentite, String);
    type Options = Vec<(String, String)>;
    let textes: [(Champ, bool, Get, Set, Option<&'static str>); 4] = [
        (champs::MARCHE, true, |f| &f.marche, |f, v| f.marche = v, None),
        (champs::OBJET, true, |f| &f.objet, |f, v| f.objet = v, None),
        (champs::EJ, false, |f| &f.ej, |f, v| f.ej = v, None),
        (
            champs::SERVICE_MOA,
            false,
            |f| &f.service_moa,
            |f, v| f.service_moa = v,
            Some("Le code du service de la MOA qui paie les factures, tel que l'annuaire l'indique (exemple : SERV_TECH)."),
        ),
    ];
    let selects: [(Champ, Options, Get, Set); 4] = [
        (
            champs::MOE,
            structures(
                tr::candidats_moe(sb, &a.structure.id),
                "Choisissez le maître d'œuvre",
            ),
            |f| &f.moe,
            |f, v| f.moe = v,
        ),
        (
            champs::MOA,
            structures(
                tr::candidats_moa(sb),
                "Choisissez le maître d'ouvrage (entités « MOA » de l'annuaire)",
            ),
            |f| &f.moa,
            |f, v| f.moa = v,
        ),
        (
            champs::INTERVENANT,
            structures(tr::candidats_intervenants(sb, &a.structure.id), "Aucun"),
            |f| &f.intervenant,
            |f, v| f.intervenant = v,
        ),
        (
            champs::ROLE_INTERVENANT,
            options(
                "—",
                vec![
                    ("COTRAITANT".into(), "Cotraitant".into()),
                    ("SOUS_TRAITANT".into(), "Sous-traitant".into()),
                ],
            ),
            |f| &f.role_intervenant,
            |f, v| f.role_intervenant = v,
        ),
    ];
    let champs_fiche: Html = textes
        .into_iter()
        .map(|(c, req, get, set, hint)| {
            texte(c, req, get(form), bind(form, set), hint, fb.field(c))
        })
        .chain(selects.into_iter().map(|(c, opts, get, set)| {
            select_field(
                c.id,
                c.libelle,
                opts,
                get(form),
                bind(form, set),
                fb.field(c),
            )
        }))
        .collect();
    html! {
        <Page {route} help={aide()}>
            {fb.done_html()}
            {tableau("dossiers-travaux", "Mes dossiers de facturation de travaux",
                &["Marché", "Objet", "Titulaire", "Maître d'œuvre", "Maître d'ouvrage", "Mon rôle", "En attente"], rows)}
            if a.may(Action::CreerDossierTravaux) {
                <ErrorSummary id="erreurs-dossier" error={fb.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    {required_note()}
                    <fieldset>
                        <legend>{format!("Fiche identité du marché — titulaire : {}", a.structure.raison_sociale)}</legend>
                        {champs_fiche}
                    </fieldset>
                    <div class="actions"><button type="submit" class="bouton">{"Créer le dossier de facturation"}</button></div>
                </form>
            }
        </Page>
    }
}

/// What the dossier awaits, from whom, as a list.
fn attentes(sb: &Sandbox, d: &Dossier, now: Timestamp) -> Html {
    html! {
        <ul class="liste-simple">
            { for tr::attentes(sb, d, now).into_iter().map(|x| html! { <li>{x.texte}</li> }) }
        </ul>
    }
}

/// A dossier: fiche identité, actors, awaited parties, documents, and the user's actions.
fn dossier(
    e: &Etat,
    app: &crate::ui::context::AppContext,
    sb: &Rc<Sandbox>,
    actor: &CompteId,
    d: &Rc<Dossier>,
    now: Timestamp,
) -> Html {
    let possibles = tr::possibilites(sb, actor, d, now);
    let recuperables = tr::a_traiter(sb, actor, d, Action::RecupererFacturesTravaux);
    let refusables = tr::a_traiter(sb, actor, d, Action::RefuserFacturesTravaux);
    let fb = e.cmd.feedback();
    let acteurs: Html = d
        .acteurs()
        .into_iter()
        .map(|(r, s)| {
            let ident = sb
                .structures
                .get(s)
                .map(|x| x.identifier.clone())
                .unwrap_or_default();
            html! { <tr><td>{r.label()}</td><td>{nom(sb, s)}</td><td>{ident}</td></tr> }
        })
        .collect();
    let docs: Html = d
        .documents
        .iter()
        .map(|doc| ligne_document(sb, d, doc, now, &recuperables, &e.cmd))
        .collect();
    let vide = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    html! { <>
        {fb.done_html()}
        <ErrorSummary id="erreurs-travaux" error={fb.error.clone()} />
        <h2>{"Fiche identité du marché"}</h2>
        <dl class="fiche">
            <dt>{"Numéro de marché"}</dt><dd>{d.marche.clone()}</dd>
            <dt>{"Objet"}</dt><dd>{d.objet.clone()}</dd>
            <dt>{"Engagement juridique"}</dt><dd>{vide(&d.ej)}</dd>
            <dt>{"Service financier de la MOA"}</dt><dd>{vide(&d.service_moa)}</dd>
        </dl>
        {tableau("acteurs-travaux", "Acteurs du marché", &["Rôle", "Structure", "Identifiant"], acteurs)}
        <h2 id="attentes-titre">{"En attente"}</h2>
        <div id="attentes">{attentes(sb, d, now)}</div>
        {tableau("documents-travaux", "Documents du dossier",
            &["Cadre", "Numéro", "Déposé par", "Déposé le", "Montants", "Statut", "Délai", "En réponse à", "PDF", "Actions"], docs)}
        if !possibles.is_empty() { {depot(e, app, d, sb, possibles)} }
        if !refusables.is_empty() { {refus(e, d, &refusables)} }
    </> }
}

/// « Déposer un document »: the documents the domain offers, the PDF, the number and amounts.
fn depot(
    e: &Etat,
    app: &crate::ui::context::AppContext,
    d: &Dossier,
    sb: &Sandbox,
    possibles: Vec<tr::Possibilite>,
) -> Html {
    let fb = e.cmd.feedback();
    let saisie = &e.saisie;
    let choisi = saisie
        .choix
        .parse::<usize>()
        .ok()
        .and_then(|i| possibles.get(i))
        .cloned();
    let libelles: Vec<(String, String)> = possibles
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                i.to_string(),
                format!("{} — pour {}", p.label, nom(sb, &p.structure)),
            )
        })
        .collect();
    let onchoix = {
        let saisie = saisie.clone();
        Callback::from(move |v: String| {
            let mut s = (*saisie).clone();
            // The amounts of the document answered are proposed; the MOE corrects them if needed.
            if let Some(m) = v
                .parse::<usize>()
                .ok()
                .and_then(|i| possibles.get(i))
                .and_then(|p| p.montants)
            {
                s.ht = m.ht.input();
                s.tva = m.tva.input();
                s.ttc = m.ttc.input();
            }
            s.choix = v;
            saisie.set(s);
        })
    };
    let onpdf = {
        let (pdf, pdf_error) = (e.pdf.clone(), e.pdf_error.clone());
        Callback::from(move |ev: Event| {
            let files = fichiers_choisis(&ev);
            let (pdf, pdf_error) = (pdf.clone(), pdf_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (lus, errors) = lire(files).await;
                let Some((nom, bytes)) = lus.into_iter().next() else {
                    pdf_error.set(errors.into_iter().next());
                    return;
                };
                match verifier_pdf(&nom, &bytes) {
                    Ok(()) => {
                        let piece = PieceJointe {
                            id: PieceJointeId::generate(),
                            nom,
                            taille: bytes.len() as u64,
                            principale: true,
                        };
                        pdf.set(Some((piece, Rc::new(bytes))));
                        pdf_error.set(None);
                    }
                    Err(m) => pdf_error.set(Some(m)),
                }
            });
        })
    };
    let onsubmit = {
        let (e, app, id, choisi) = (e.clone(), app.clone(), d.id.clone(), choisi.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(p) = choisi.clone() else {
                e.cmd.set(erreur(
                    champs::DOCUMENT,
                    "Choisissez le document à déposer.",
                ));
                return;
            };
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let s = (*e.saisie).clone();
            let fichier: Pdf = (*e.pdf).clone();
            let depot = Depot {
                structure: p.structure.clone(),
                cadre: p.cadre,
                associe_a: p.associe_a.clone(),
                numero: s.numero,
                ht: s.ht,
                tva: s.tva,
                ttc: s.ttc,
                correction: s.correction,
                piece: fichier.as_ref().map(|(x, _)| x.clone()),
            };
            let octets: Vec<(PieceJointeId, Rc<Vec<u8>>)> = fichier
                .iter()
                .map(|(x, b)| (x.id.clone(), b.clone()))
                .collect();
            let (e, app, id) = (e.clone(), app.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = octets.first().map(|(_, b)| b.clone());
                let result = app
                    .enregistrer_avec_octets(champs::PDF, &octets, |sb, now| {
                        tr::deposer(
                            sb,
                            &actor,
                            &id,
                            &depot,
                            bytes.as_deref().map(Vec::as_slice),
                            now,
                        )
                    })
                    .await;
                e.cmd.show(&result, &depot.cadre.message_depot());
                if result.is_ok() {
                    e.saisie.set(Saisie::default());
                    e.pdf.set(None);
                }
            });
        })
    };
    type Get = fn(&Saisie) -> &String;
    type Set = fn(&mut Saisie, String);
    let mut textes: Vec<(Champ, bool, Get, Set, Option<&'static str>)> = vec![
        (
            champs::NUMERO,
            true,
            |f| &f.numero,
            |f, v| f.numero = v,
            None,
        ),
        (champs::HT, true, |f| &f.ht, |f, v| f.ht = v, None),
        (champs::TVA, true, |f| &f.tva, |f, v| f.tva = v, None),
        (champs::TTC, true, |f| &f.ttc, |f, v| f.ttc = v, None),
    ];
    if choisi.as_ref().is_some_and(|p| p.associe_a.is_some()) {
        textes.push((
            champs::CORRECTION,
            false,
            |f| &f.correction,
            |f, v| f.correction = v,
            Some("Obligatoire si vos montants diffèrent de ceux du document auquel vous répondez."),
        ));
    }
    let champs_depot: Html = textes
        .into_iter()
        .map(|(c, req, get, set, hint)| {
            texte(c, req, get(saisie), bind(saisie, set), hint, fb.field(c))
        })
        .collect();
    let pdf_error = (*e.pdf_error).clone().or_else(|| fb.field(champs::PDF));
    let pdf_id = champs::PDF.id;
    let error_id = format!("{pdf_id}-erreur");
    html! { <>
        <h2>{"Déposer un document"}</h2>
        <form class="formulaire" {onsubmit} novalidate=true>
            {required_note()}
            {select_field(champs::DOCUMENT.id, champs::DOCUMENT.libelle, options("Choisissez le document", libelles), &saisie.choix, onchoix, fb.field(champs::DOCUMENT))}
            <div class={classes!("champ", pdf_error.is_some().then_some("champ-en-erreur"))}>
                <label for={pdf_id}>{champs::PDF.libelle}<span class="obligatoire" aria-hidden="true">{" *"}</span></label>
                if let Some(m) = &pdf_error { <p class="erreur-champ" id={error_id.clone()}>{m.clone()}</p> }
                <input type="file" id={pdf_id} accept=".pdf,application/pdf" onchange={onpdf}
                    aria-describedby={pdf_error.is_some().then_some(error_id)} />
                if let Some((p, _)) = &*e.pdf { <p class="mention">{format!("Fichier choisi : {}", p.nom)}</p> }
            </div>
            {champs_depot}
            <div class="actions"><button type="submit" class="bouton">{"Déposer le document"}</button></div>
        </form>
    </> }
}

/// « Refuser un document » (MOE or MOA), with its motif.
fn refus(e: &Etat, d: &Dossier, refusables: &[(StructureId, &DocumentTravaux)]) -> Html {
    let fb = e.cmd.feedback();
    let r = &e.refus;
    let onsubmit = {
        let (cmd, r, id) = (e.cmd.clone(), r.clone(), d.id.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let v = (*r).clone();
            let doc = DocumentTravauxId::from(v.document.as_str());
            if cmd
                .run(
                    "Le document est refusé : son circuit s'arrête et son déposant est prévenu.",
                    |sb, actor, now| {
                        tr::refuser(
                            sb,
                            actor,
                            &id,
                            &doc,
                            MotifRefus::from_code(&v.motif),
                            &v.commentaire,
                            now,
                        )
                    },
                )
                .is_some()
            {
                r.set(Refus::default());
            }
        })
    };
    let documents = refusables
        .iter()
        .map(|(_, doc)| {
            (
                doc.id.to_string(),
                format!(
                    "{} n° {} ({})",
                    doc.cadre.document(),
                    doc.numero,
                    doc.cadre.court()
                ),
            )
        })
        .collect();
    let motifs = MotifRefus::ALL
        .iter()
        .map(|m| (m.code().to_string(), m.label().to_string()))
        .collect();
    html! { <>
        <h2>{"Refuser un document"}</h2>
        <form class="formulaire" {onsubmit} novalidate=true>
            {select_field("travaux_refus_document", "Document à refuser", options("Choisissez le document", documents), &r.document, bind(r, |f, v| f.document = v), None)}
            {select_field(champs::MOTIF.id, champs::MOTIF.libelle, options("Choisissez le motif", motifs), &r.motif, bind(r, |f, v| f.motif = v), fb.field(champs::MOTIF))}
            {texte(champs::COMMENTAIRE, false, &r.commentaire, bind(r, |f, v| f.commentaire = v), None, fb.field(champs::COMMENTAIRE))}
            <div class="actions"><button type="submit" class="bouton bouton-secondaire">{"Refuser le document"}</button></div>
        </form>
    </> }
}

/// One row of the documents' table.
fn ligne_document(
    sb: &Sandbox,
    d: &Dossier,
    doc: &DocumentTravaux,
    now: Timestamp,
    recuperables: &[(StructureId, &DocumentTravaux)],
    cmd: &CommandHandle,
) -> Html {
    let par = match doc.par.as_ref().and_then(|p| sb.comptes.get(p)) {
        Some(c) => format!("{} ({})", nom(sb, &doc.deposant), c.full_name()),
        None if doc.par.is_none() => format!("{} (agent simulé)", nom(sb, &doc.deposant)),
        None => nom(sb, &doc.deposant),
    };
    let delai = match doc.echeance_moe() {
        Some(e) if doc.statut.attendu_de() == Some(RoleTravaux::Moe) => {
            if now >= e {
                format!("MOE : délai dépassé depuis le {}", date_fr(e))
            } else {
                format!("MOE : avant le {}", date_fr(e))
            }
        }
        Some(e) => format!("MOE : 7 jours (jusqu'au {})", date_fr(e)),
        None => "—".to_string(),
    };
    let reponse = doc
        .associe_a
        .as_ref()
        .and_then(|a| d.document(a))
        .map(|p| format!("{} n° {}", p.cadre.court(), p.numero))
        .unwrap_or_else(|| "—".to_string());
    let recuperer = recuperables.iter().any(|(_, x)| x.id == doc.id).then(|| {
        let (cmd, id, doc_id) = (cmd.clone(), d.id.clone(), doc.id.clone());
        Callback::from(move |_| {
            cmd.run(
                "Le document est récupéré (pris en compte).",
                |sb, actor, now| tr::recuperer(sb, actor, &id, &doc_id, now),
            );
        })
    });
    let mut notes = Vec::new();
    if let Some(m) = doc.motif_refus() {
        notes.push(format!("Motif : {m}"));
    }
    if let Some(f) = doc.facture.as_ref().and_then(|f| sb.factures.get(f)) {
        notes.push(format!(
            "Facture reçue par le service financier : {}",
            f.statut.label()
        ));
    }
    let mut montants = vec![format!("{} HT", doc.montants.ht.fr_eur())];
    if !doc.correction.is_empty() {
        montants.push(format!("Correction : {}", doc.correction));
    }
    let s = doc.statut;
    html! {
        <tr key={doc.id.to_string()}>
            <td title={doc.cadre.code()}>{doc.cadre.court()}</td>
            <td>{doc.numero.clone()}<br /><span class="mention">{doc.cadre.document()}</span></td>
            <td>{par}</td>
            <td>{datetime_fr(doc.depose_le)}</td>
            <td>{format!("{} TTC", doc.montants.ttc.fr_eur())}<br /><span class="mention">{montants.join(" — ")}</span></td>
            <td><span class={classes!("statut", format!("statut-{}", s.tone()))}>{s.label()}</span>
                <br /><span class="mention">{notes.join(" — ")}</span></td>
            <td>{delai}</td>
            <td>{reponse}</td>
            <td>if let Some(p) = &doc.piece { <LienTelechargement piece={p.clone()} /> } else { {"—"} }</td>
            <td>if let Some(onclick) = recuperer {
                <button type="button" class="lien" {onclick} aria-label={format!("Récupérer le document n° {}", doc.numero)}>{"Récupérer"}</button>
            }</td>
        </tr>
    }
}
