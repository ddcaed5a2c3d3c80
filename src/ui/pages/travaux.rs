//! « Factures de travaux »: the dossiers de facturation of the user's works marchés (and the
//! « fiche identité » that creates one), and a dossier's page: its actors, every document with who
//! deposited it, its status and delay, what is awaited from whom, and the actions the domain
//! offers the user (deposit a PDF with its routing data, « Récupérer », « Refuser »).

use super::structure_de_travail;
use crate::ui::components::form::{bind, required_note, select_field, ErrorSummary, TextField};
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
    MotifRefus, StatutTravaux,
};
use domain::kernel::ids::{DossierTravauxId, PieceJointeId};
use domain::kernel::time::{date_fr, datetime_fr};
use domain::organisation::droits::Action;
use domain::Sandbox;
use std::rc::Rc;
use yew::prelude::*;

fn nom(sb: &Sandbox, id: &domain::kernel::ids::StructureId) -> String {
    sb.structures
        .get(id)
        .map(|s| s.raison_sociale.clone())
        .unwrap_or_else(|| "structure inconnue".to_string())
}

/// A works status badge: one wording and one colour per status.
fn badge(s: StatutTravaux) -> Html {
    html! { <span class={classes!("statut", format!("statut-{}", s.tone()))}>{s.label()}</span> }
}

fn aide_liste() -> Html {
    html! { <>
        <p>{"Un marché de travaux se facture dans un dossier de facturation qui réunit ses acteurs : le titulaire (et ses cotraitants ou sous-traitants), le maître d'œuvre (MOE) et le maître d'ouvrage (MOA). Le titulaire le crée à partir de la « fiche identité du marché », que les parties remplissent ensemble pour s'accorder sur les SIRET, l'engagement juridique et le code service."}</p>
        <p>{"Chaque mois, le fournisseur dépose un projet de décompte mensuel (A4, ou A10 / A13 pour un sous-traitant / cotraitant) ; la MOE le récupère et dépose son état d'acompte (A15) dans les 7 jours ; la MOA dépose l'état d'acompte validé (A19), que son service financier reçoit dans « Factures reçues » et paie."}</p>
    </> }
}

/// « Factures de travaux »: the dossiers the user sees, and the fiche identité.
#[component]
pub fn FacturesTravaux() -> Html {
    let app = use_app();
    let cmd = use_command();
    let form = use_state(FicheIdentite::default);
    let route = Route::FacturesTravaux;
    let a = match structure_de_travail(&app, Action::ConsulterFacturesTravaux, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let now = app.now();
    let rows: Html = tr::dossiers_visibles(&a.sb, &a.actor)
        .into_iter()
        .map(|d| {
            let roles: Vec<&str> = d
                .acteurs()
                .into_iter()
                .filter(|(_, s)| rat_ok(&a.sb, &a.actor, s))
                .map(|(r, _)| r.label())
                .collect();
            let attentes: Html = tr::attentes(&a.sb, d, now)
                .into_iter()
                .map(|x| html! { <li>{x.texte}</li> })
                .collect();
            html! {
                <tr key={d.id.to_string()}>
                    <td>{link(Route::DossierTravaux { id: d.id.to_string() }, d.marche.clone(), "")}</td>
                    <td>{d.objet.clone()}</td>
                    <td>{nom(&a.sb, &d.titulaire)}</td>
                    <td>{nom(&a.sb, &d.moe)}</td>
                    <td>{nom(&a.sb, &d.moa)}</td>
                    <td>{roles.join(", ")}</td>
                    <td><ul class="liste-simple">{attentes}</ul></td>
                </tr>
            }
        })
        .collect();
    let creer = a.may(Action::CreerDossierTravaux);
    let onsubmit = {
        let (cmd, form, sid) = (cmd.clone(), form.clone(), a.structure.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
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
    let fb = cmd.feedback();
    let options = |v: Vec<&Rc<domain::organisation::structure::Structure>>, vide: &str| {
        std::iter::once((String::new(), vide.to_string()))
            .chain(v.into_iter().map(|s| {
                (
                    s.id.to_string(),
                    format!("{} — {}", s.raison_sociale, s.identifier),
                )
            }))
            .collect::<Vec<_>>()
    };
    let sel = |c: domain::kernel::error::Champ,
               opts,
               value: &str,
               set: fn(&mut FicheIdentite, String)| {
        select_field(c.id, c.libelle, opts, value, bind(&form, set), fb.field(c))
    };
    html! {
        <Page {route} help={aide_liste()}>
            {fb.done_html()}
            <table class="tableau">
                <caption>{"Mes dossiers de facturation de travaux"}</caption>
                <thead><tr>
                    <th scope="col">{"Marché"}</th><th scope="col">{"Objet"}</th><th scope="col">{"Titulaire"}</th>
                    <th scope="col">{"Maître d'œuvre"}</th><th scope="col">{"Maître d'ouvrage"}</th>
                    <th scope="col">{"Mon rôle"}</th><th scope="col">{"En attente"}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            if creer {
                <ErrorSummary id="erreurs-dossier" error={fb.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    {required_note()}
                    <fieldset>
                        <legend>{format!("Fiche identité du marché — titulaire : {}", a.structure.raison_sociale)}</legend>
                        <TextField id={champs::MARCHE.id} label={champs::MARCHE.libelle} required=true value={form.marche.clone()}
                            oninput={bind(&form, |f, v| f.marche = v)} error={fb.field(champs::MARCHE)} />
                        <TextField id={champs::OBJET.id} label={champs::OBJET.libelle} required=true value={form.objet.clone()}
                            oninput={bind(&form, |f, v| f.objet = v)} error={fb.field(champs::OBJET)} />
                        <TextField id={champs::EJ.id} label={champs::EJ.libelle} value={form.ej.clone()}
                            oninput={bind(&form, |f, v| f.ej = v)} error={fb.field(champs::EJ)} />
                        {sel(champs::MOE, options(tr::candidats_moe(&a.sb, &a.structure.id), "Choisissez le maître d'œuvre"), &form.moe, |f, v| f.moe = v)}
                        {sel(champs::MOA, options(tr::candidats_moa(&a.sb), "Choisissez le maître d'ouvrage (entités « MOA » de l'annuaire)"), &form.moa, |f, v| f.moa = v)}
                        <TextField id={champs::SERVICE_MOA.id} label={champs::SERVICE_MOA.libelle} value={form.service_moa.clone()}
                            hint={Some(AttrValue::Static("Le code du service de la MOA qui paie les factures, tel que l'annuaire l'indique (exemple : SERV_TECH)."))}
                            oninput={bind(&form, |f, v| f.service_moa = v)} error={fb.field(champs::SERVICE_MOA)} />
                        {sel(champs::INTERVENANT, options(tr::candidats_intervenants(&a.sb, &a.structure.id), "Aucun"), &form.intervenant, |f, v| f.intervenant = v)}
                        {sel(champs::ROLE_INTERVENANT, vec![(String::new(), "—".to_string()), ("COTRAITANT".to_string(), "Cotraitant".to_string()), ("SOUS_TRAITANT".to_string(), "Sous-traitant".to_string())], &form.role_intervenant, |f, v| f.role_intervenant = v)}
                    </fieldset>
                    <div class="actions"><button type="submit" class="bouton">{"Créer le dossier de facturation"}</button></div>
                </form>
            }
        </Page>
    }
}

fn rat_ok(
    sb: &Sandbox,
    actor: &domain::kernel::ids::CompteId,
    s: &domain::kernel::ids::StructureId,
) -> bool {
    domain::organisation::rattachement::may(sb, actor, s, Action::ConsulterFacturesTravaux).is_ok()
}

#[derive(Properties, PartialEq)]
pub struct DossierProps {
    pub id: String,
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

type Pdf = Option<(PieceJointe, Rc<Vec<u8>>)>;

/// A dossier de facturation: actors, awaited parties, documents and the user's actions.
#[component]
pub fn DossierTravaux(props: &DossierProps) -> Html {
    let app = use_app();
    let cmd = use_command();
    let saisie = use_state(Saisie::default);
    let refus = use_state(Refus::default);
    let pdf = use_state(|| None::<(PieceJointe, Rc<Vec<u8>>)>);
    let pdf_error = use_state(|| None::<String>);
    let route = Route::DossierTravaux {
        id: props.id.clone(),
    };
    let sb = app.sandbox();
    let Some(actor) = app.account().map(|a| a.id.clone()) else {
        return html! {};
    };
    let id = DossierTravauxId::from(props.id.as_str());
    let d = match tr::consulter(&sb, &actor, &id) {
        Ok(d) => d.clone(),
        Err(e) => {
            return html! {
                <Page {route} title={Some(AttrValue::Static("Accès refusé"))} help={aide_liste()}>
                    <p class="alerte alerte-erreur" role="alert">{e.to_string()}</p>
                    <p>{link(Route::FacturesTravaux, "Retour aux factures de travaux", "")}</p>
                </Page>
            }
        }
    };
    let now = app.now();
    let possibles = tr::possibilites(&sb, &actor, &d, now);
    let recuperables = tr::a_traiter(&sb, &actor, &d, Action::RecupererFacturesTravaux);
    let refusables = tr::a_traiter(&sb, &actor, &d, Action::RefuserFacturesTravaux);
    let fb = cmd.feedback();

    let acteurs: Html = d
        .acteurs()
        .into_iter()
        .map(|(r, s)| {
            let ident = sb
                .structures
                .get(s)
                .map(|x| x.identifier.clone())
                .unwrap_or_default();
            html! { <tr><td>{r.label()}</td><td>{nom(&sb, s)}</td><td>{ident}</td></tr> }
        })
        .collect();
    let attentes: Html = tr::attentes(&sb, &d, now)
        .into_iter()
        .map(|x| html! { <li>{x.texte}</li> })
        .collect();
    let docs: Html = d
        .documents
        .iter()
        .map(|doc| ligne_document(&sb, &d, doc, now, &recuperables, &cmd))
        .collect();

    // The deposit.
    let choisi = saisie
        .choix
        .parse::<usize>()
        .ok()
        .and_then(|i| possibles.get(i))
        .cloned();
    let onchoix = {
        let (saisie, possibles) = (saisie.clone(), possibles.clone());
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
        let (pdf, pdf_error) = (pdf.clone(), pdf_error.clone());
        Callback::from(move |e: Event| {
            let files = fichiers_choisis(&e);
            let (pdf, pdf_error) = (pdf.clone(), pdf_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (lus, errors) = lire(files).await;
                match lus.into_iter().next() {
                    Some((nom, bytes)) => match verifier_pdf(&nom, &bytes) {
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
                        Err(e) => pdf_error.set(Some(e)),
                    },
                    None => pdf_error.set(errors.into_iter().next()),
                }
            });
        })
    };
    let ondeposer = {
        let (cmd, saisie, pdf, id, choisi, app) = (
            cmd.clone(),
            saisie.clone(),
            pdf.clone(),
            id.clone(),
            choisi.clone(),
            app.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(p) = choisi.clone() else {
                cmd.set(crate::ui::components::form::Feedback {
                    error: Some(storage::backend::ActionError::Domain(
                        domain::DomainError::field(
                            champs::DOCUMENT,
                            "Choisissez le document à déposer.",
                        ),
                    )),
                    done: None,
                });
                return;
            };
            let s = (*saisie).clone();
            let fichier: Pdf = (*pdf).clone();
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
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let (cmd, saisie, pdf, id, app) = (
                cmd.clone(),
                saisie.clone(),
                pdf.clone(),
                id.clone(),
                app.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = octets.first().map(|(_, b)| b.clone());
                let result = app
                    .enregistrer_avec_octets(champs::PDF, &octets, |sb, now| {
                        tr::deposer(
                            sb,
                            &actor,
                            &id,
                            &depot,
                            bytes.as_deref().map(|b| b.as_slice()),
                            now,
                        )
                    })
                    .await;
                cmd.show(&result, &depot.cadre.message_depot());
                if result.is_ok() {
                    saisie.set(Saisie::default());
                    pdf.set(None);
                }
            });
        })
    };
    let onrefuser = {
        let (cmd, refus, id) = (cmd.clone(), refus.clone(), id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let r = (*refus).clone();
            let doc = domain::kernel::ids::DocumentTravauxId::from(r.document.as_str());
            if cmd
                .run(
                    "Le document est refusé : son circuit s'arrête et son déposant est prévenu.",
                    |sb, actor, now| {
                        tr::refuser(
                            sb,
                            actor,
                            &id,
                            &doc,
                            MotifRefus::from_code(&r.motif),
                            &r.commentaire,
                            now,
                        )
                    },
                )
                .is_some()
            {
                refus.set(Refus::default());
            }
        })
    };
    let options_depot: Vec<(String, String)> =
        std::iter::once((String::new(), "Choisissez le document".to_string()))
            .chain(possibles.iter().enumerate().map(|(i, p)| {
                (
                    i.to_string(),
                    format!("{} — pour {}", p.label, nom(&sb, &p.structure)),
                )
            }))
            .collect();
    let options_refus: Vec<(String, String)> =
        std::iter::once((String::new(), "Choisissez le document".to_string()))
            .chain(refusables.iter().map(|(_, doc)| {
                (
                    doc.id.to_string(),
                    format!(
                        "{} n° {} ({})",
                        doc.cadre.document(),
                        doc.numero,
                        doc.cadre.court()
                    ),
                )
            }))
            .collect();
    let options_motif: Vec<(String, String)> =
        std::iter::once((String::new(), "Choisissez le motif".to_string()))
            .chain(
                MotifRefus::ALL
                    .iter()
                    .map(|m| (m.code().to_string(), m.label().to_string())),
            )
            .collect();
    let pdf_field_error = (*pdf_error).clone().or_else(|| fb.field(champs::PDF));
    let pdf_id = champs::PDF.id;
    let titre = format!("Dossier de facturation — marché {}", d.marche);
    html! {
        <Page {route} title={Some(AttrValue::from(titre))} parents={Some(vec![Route::Accueil, Route::Facturation, Route::FacturesTravaux])} help={html!{ <>
            {aide_liste()}
            <p>{"Chaque partie « associe » son document au précédent : l'état d'acompte de la MOE répond au projet du fournisseur, l'état d'acompte validé de la MOA répond à l'état d'acompte. Un écart de montant n'est pas un motif de refus : depuis le 19/02/2025, la MOE ou la MOA corrige le montant (et l'explique) au lieu de refuser le document en bloc. Un refus par la MOE arrête le circuit avec son motif ; le fournisseur dépose alors un nouveau projet. Si la MOE laisse passer ses 7 jours, la MOA peut déposer l'état d'acompte validé directement."}</p>
            <p>{"Les documents finaux suivent le même mécanisme : projet de décompte final (A7), décompte général de la MOE (A18) puis de la MOA (A20), décompte général et définitif signé par le titulaire (A8), que le service financier reçoit. Les documents de travaux se déposent en PDF avec leurs données d'acheminement ; ils ne se saisissent pas ligne à ligne."}</p>
            <p>{"Bac à sable : une MOE ou une MOA pour laquelle personne ne travaille est simulée sur l'horloge du bac à sable (récupération après 1 jour, état d'acompte de la MOE après 3 jours, état d'acompte validé de la MOA 2 jours après). La liste des motifs de refus (hors « erreur de montant ») et l'envoi du DGD au service financier sont des choix plausibles du bac à sable : le portail ne les publie pas."}</p>
        </> }}>
            {fb.done_html()}
            <ErrorSummary id="erreurs-travaux" error={fb.error.clone()} />
            <h2>{"Fiche identité du marché"}</h2>
            <dl class="fiche">
                <dt>{"Numéro de marché"}</dt><dd>{d.marche.clone()}</dd>
                <dt>{"Objet"}</dt><dd>{d.objet.clone()}</dd>
                <dt>{"Engagement juridique"}</dt><dd>{if d.ej.is_empty() { "—".to_string() } else { d.ej.clone() }}</dd>
                <dt>{"Service financier de la MOA"}</dt><dd>{if d.service_moa.is_empty() { "—".to_string() } else { d.service_moa.clone() }}</dd>
            </dl>
            <table class="tableau">
                <caption>{"Acteurs du marché"}</caption>
                <thead><tr><th scope="col">{"Rôle"}</th><th scope="col">{"Structure"}</th><th scope="col">{"Identifiant"}</th></tr></thead>
                <tbody>{acteurs}</tbody>
            </table>
            <h2>{"En attente"}</h2>
            <ul class="attentes" id="attentes">{attentes}</ul>
            <table class="tableau" id="documents-travaux">
                <caption>{"Documents du dossier"}</caption>
                <thead><tr>
                    <th scope="col">{"Cadre"}</th><th scope="col">{"Numéro"}</th><th scope="col">{"Déposé par"}</th>
                    <th scope="col">{"Déposé le"}</th><th scope="col">{"Montants"}</th><th scope="col">{"Statut"}</th>
                    <th scope="col">{"Délai"}</th><th scope="col">{"En réponse à"}</th><th scope="col">{"PDF"}</th>
                    <th scope="col">{"Actions"}</th>
                </tr></thead>
                <tbody>{docs}</tbody>
            </table>
            if !possibles.is_empty() {
                <h2>{"Déposer un document"}</h2>
                <form class="formulaire" onsubmit={ondeposer} novalidate=true>
                    {required_note()}
                    {select_field(champs::DOCUMENT.id, champs::DOCUMENT.libelle, options_depot, &saisie.choix, onchoix, fb.field(champs::DOCUMENT))}
                    <div class={classes!("champ", pdf_field_error.is_some().then_some("champ-en-erreur"))}>
                        <label for={pdf_id}>{champs::PDF.libelle}<span class="obligatoire" aria-hidden="true">{" *"}</span></label>
                        if let Some(e) = &pdf_field_error { <p class="erreur-champ" id={format!("{pdf_id}-erreur")}>{e.clone()}</p> }
                        <input type="file" id={pdf_id} accept=".pdf,application/pdf" onchange={onpdf}
                            aria-describedby={pdf_field_error.is_some().then(|| format!("{pdf_id}-erreur"))} />
                        if let Some((p, _)) = &*pdf { <p class="mention">{format!("Fichier choisi : {}", p.nom)}</p> }
                    </div>
                    <TextField id={champs::NUMERO.id} label={champs::NUMERO.libelle} required=true value={saisie.numero.clone()}
                        oninput={bind(&saisie, |f, v| f.numero = v)} error={fb.field(champs::NUMERO)} />
                    <TextField id={champs::HT.id} label={champs::HT.libelle} required=true value={saisie.ht.clone()}
                        oninput={bind(&saisie, |f, v| f.ht = v)} error={fb.field(champs::HT)} />
                    <TextField id={champs::TVA.id} label={champs::TVA.libelle} required=true value={saisie.tva.clone()}
                        oninput={bind(&saisie, |f, v| f.tva = v)} error={fb.field(champs::TVA)} />
                    <TextField id={champs::TTC.id} label={champs::TTC.libelle} required=true value={saisie.ttc.clone()}
                        oninput={bind(&saisie, |f, v| f.ttc = v)} error={fb.field(champs::TTC)} />
                    if choisi.as_ref().is_some_and(|p| p.associe_a.is_some()) {
                        <TextField id={champs::CORRECTION.id} label={champs::CORRECTION.libelle} value={saisie.correction.clone()}
                            hint={Some(AttrValue::Static("Obligatoire si vos montants diffèrent de ceux du document auquel vous répondez."))}
                            oninput={bind(&saisie, |f, v| f.correction = v)} error={fb.field(champs::CORRECTION)} />
                    }
                    <div class="actions"><button type="submit" class="bouton" id="deposer-document">{"Déposer le document"}</button></div>
                </form>
            }
            if !refusables.is_empty() {
                <h2>{"Refuser un document"}</h2>
                <form class="formulaire" onsubmit={onrefuser} novalidate=true>
                    {select_field("travaux_refus_document", "Document à refuser", options_refus, &refus.document, bind(&refus, |f, v| f.document = v), None)}
                    {select_field(champs::MOTIF.id, champs::MOTIF.libelle, options_motif, &refus.motif, bind(&refus, |f, v| f.motif = v), fb.field(champs::MOTIF))}
                    <TextField id={champs::COMMENTAIRE.id} label={champs::COMMENTAIRE.libelle} value={refus.commentaire.clone()}
                        oninput={bind(&refus, |f, v| f.commentaire = v)} error={fb.field(champs::COMMENTAIRE)} />
                    <div class="actions"><button type="submit" class="bouton bouton-secondaire">{"Refuser le document"}</button></div>
                </form>
            }
        </Page>
    }
}

/// One row of the documents' table.
fn ligne_document(
    sb: &Sandbox,
    d: &Dossier,
    doc: &DocumentTravaux,
    now: domain::Timestamp,
    recuperables: &[(domain::kernel::ids::StructureId, &DocumentTravaux)],
    cmd: &CommandHandle,
) -> Html {
    let par = match doc.par.as_ref().and_then(|p| sb.comptes.get(p)) {
        Some(c) => format!("{} ({})", nom(sb, &doc.deposant), c.full_name()),
        None if doc.par.is_none() => format!("{} (agent simulé)", nom(sb, &doc.deposant)),
        None => nom(sb, &doc.deposant),
    };
    let delai = match doc.echeance_moe() {
        Some(e) if doc.statut.attendu_de() == Some(tr::RoleTravaux::Moe) => {
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
    let motif = doc.motif_refus().map(|m| m.to_string());
    let facture = doc.facture.as_ref().and_then(|f| sb.factures.get(f));
    html! {
        <tr key={doc.id.to_string()}>
            <td title={doc.cadre.code()}>{doc.cadre.court()}</td>
            <td>{doc.numero.clone()}<br /><span class="mention">{doc.cadre.document()}</span></td>
            <td>{par}</td>
            <td>{datetime_fr(doc.depose_le)}</td>
            <td>{format!("{} TTC", doc.montants.ttc.fr_eur())}<br /><span class="mention">{format!("{} HT", doc.montants.ht.fr_eur())}</span>
                if !doc.correction.is_empty() { <br /><span class="mention">{format!("Correction : {}", doc.correction)}</span> }</td>
            <td>{badge(doc.statut)}
                if let Some(m) = motif { <br /><span class="mention">{format!("Motif : {m}")}</span> }
                if let Some(f) = facture { <br /><span class="mention">{format!("Facture reçue par le service financier : {}", f.statut.label())}</span> }</td>
            <td>{delai}</td>
            <td>{reponse}</td>
            <td>if let Some(p) = &doc.piece { <LienTelechargement piece={p.clone()} /> } else { {"—"} }</td>
            <td>if let Some(onclick) = recuperer {
                <button type="button" class="lien" {onclick} aria-label={format!("Récupérer le document n° {}", doc.numero)}>{"Récupérer"}</button>
            }</td>
        </tr>
    }
}
