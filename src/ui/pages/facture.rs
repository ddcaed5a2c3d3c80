//! « Consulter la facture »: an invoice read-only, laid out like an invoice (and printable), with
//! its attachments, its status and the « historique des statuts ».

use super::access;
use crate::ui::components::badge;
use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::Feedback;
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::components::pieces_jointes::{telecharger, LienTelechargement};
use crate::ui::components::reponses_fournisseur::{Completer, Recycler};
use crate::ui::components::telechargement;
use crate::ui::components::traitement::Traiter;
use crate::ui::components::validation::{etat_validation, validation_facture, Saisie};
use crate::ui::context::use_app;
use crate::ui::dom;
use crate::ui::hooks::{use_command, CommandHandle};
use crate::ui::route::Route;
use domain::facturation::cycle;
use domain::facturation::facture::{Facture, ModeDepot, PieceJointe, Statut};
use domain::facturation::pieces_jointes::taille_fr;
use domain::facturation::saisie;
use domain::facturation::validation;
use domain::kernel::ids::{CompteId, FactureId};
use domain::kernel::time::datetime_fr;
use domain::kernel::time::day_fr;
use domain::organisation::coordonnees_bancaires::format_iban;
use domain::organisation::droits::Action;
use domain::organisation::rattachement::may;
use domain::organisation::structure::Structure;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use formats_protocole::Format;
use std::rc::Rc;
use storage::backend::ActionError;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

fn partie(titre: &str, s: Option<&Structure>, service: &str) -> Html {
    let Some(s) = s else {
        return html! { <div class="partie"><h2>{titre.to_string()}</h2><p>{"—"}</p></div> };
    };
    html! {
        <div class="partie">
            <h2>{titre.to_string()}</h2>
            <p><strong>{s.raison_sociale.clone()}</strong><br />
                {s.adresse.adresse.clone()}<br />
                {format!("{} {}", s.adresse.code_postal, s.adresse.ville)}<br />
                {format!("{} : {}", s.identifier_type.label(), s.identifier)}
                if let Some(tva) = &s.numero_tva { <br />{format!("TVA intracommunautaire : {tva}")} }
                if !service.is_empty() { <br />{format!("Service : {service}")} }
            </p>
        </div>
    }
}

fn references(f: &Facture) -> Html {
    let row =
        |label: &str, value: String| html! { <><dt>{label.to_string()}</dt><dd>{value}</dd></> };
    let opt = |v: &str| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.to_string()
        }
    };
    html! {
        <dl class="references">
            {row("Numéro de facture", opt(&f.numero))}
            {row("Date de facture", f.date.map(day_fr).unwrap_or_else(|| "—".to_string()))}
            {row("Type", f.type_facture.label().to_string())}
            {row("Cadre de facturation", f.cadre.label().to_string())}
            {row("Devise", f.devise.clone())}
            {row("Type de TVA", f.type_tva.label().to_string())}
            if !f.motif_exoneration.is_empty() { {row("Motif d'exonération", f.motif_exoneration.clone())} }
            {row("Mode de règlement", f.mode_reglement.map(|m| m.label().to_string()).unwrap_or_else(|| "—".to_string()))}
            {row("Engagement juridique", opt(&f.ej))}
            {row("Numéro de marché", opt(&f.marche))}
            if !f.facture_origine.is_empty() { {row("Facture d'origine", f.facture_origine.clone())} }
            {row("Mode de dépôt", f.mode_depot.label().to_string())}
        </dl>
    }
}

fn lignes(f: &Facture) -> Html {
    if f.mode_depot == ModeDepot::DepotPdfPortail {
        return html! { <p>{"Facture déposée en PDF : le détail des lignes figure sur le PDF (pièce jointe principale)."}</p> };
    }
    let rows: Html = f
        .lignes
        .iter()
        .enumerate()
        .map(|(i, l)| html! {
            <tr key={i}>
                <td>{i + 1}</td>
                <td>{l.reference.clone()}</td>
                <td>{l.designation.clone()}</td>
                <td class="montant">{l.quantite.map(|q| q.fr()).unwrap_or_default()}</td>
                <td>{l.unite.clone()}</td>
                <td class="montant">{l.prix.map(|p| p.fr()).unwrap_or_default()}</td>
                <td class="montant">{if l.remise.0 == 0 { String::new() } else { l.remise.fr() }}</td>
                <td>{l.taux.map(|t| t.fr()).unwrap_or_default()}</td>
                <td class="montant">{l.montant_ht().map(|m| m.fr_eur()).unwrap_or_default()}</td>
            </tr>
        })
        .collect();
    html! {
        <table class="tableau lignes">
            <caption>{"Lignes de la facture"}</caption>
            <thead><tr>
                <th scope="col">{"N°"}</th><th scope="col">{"Référence"}</th><th scope="col">{"Désignation"}</th>
                <th scope="col">{"Quantité"}</th><th scope="col">{"Unité"}</th><th scope="col">{"Prix unitaire HT"}</th>
                <th scope="col">{"Remise HT"}</th><th scope="col">{"TVA"}</th><th scope="col">{"Montant HT"}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn totaux(f: &Facture) -> Html {
    let t = f.totaux();
    let recap: Html = t
        .recap
        .iter()
        .map(|r| html! {
            <tr key={r.taux.0}><td>{r.taux.fr()}</td><td class="montant">{r.base_ht.fr_eur()}</td><td class="montant">{r.montant_tva.fr_eur()}</td></tr>
        })
        .collect();
    html! {
        <div class="totaux-facture">
            if !t.recap.is_empty() {
                <table class="tableau">
                    <caption>{"Récapitulatif de TVA"}</caption>
                    <thead><tr><th scope="col">{"Taux"}</th><th scope="col">{"Base HT"}</th><th scope="col">{"Montant de TVA"}</th></tr></thead>
                    <tbody>{recap}</tbody>
                </table>
            }
            <dl class="totaux">
                <dt>{"Total HT"}</dt><dd>{t.total_ht.fr_eur()}</dd>
                <dt>{"Total TVA"}</dt><dd>{t.total_tva.fr_eur()}</dd>
                <dt>{"Total TTC"}</dt><dd>{t.total_ttc.fr_eur()}</dd>
                if t.remise_globale.0 != 0 {
                    <dt>{format!("Remise globale TTC ({})", f.motif_remise)}</dt><dd>{t.remise_globale.fr_eur()}</dd>
                }
                <dt>{"Montant à payer"}</dt><dd><strong>{f.a_payer().fr_eur()}</strong></dd>
            </dl>
        </div>
    }
}

/// The history in the portal's three blocks (« suivi du traitement de la facture »).
fn historique(sb: &Sandbox, f: &Facture) -> Html {
    let statuts: Html = f
        .historique
        .iter()
        .enumerate()
        .map(|(i, e)| {
            html! {
                <tr key={i}>
                    <td>{badge(e.statut)}
                        <span class="code-portail"><br /><code>{e.statut.code()}</code></span></td>
                    <td>{datetime_fr(e.at)}</td>
                    <td>{cycle::auteur(sb, e)}</td>
                    <td>{e.commentaire.clone().unwrap_or_default()}
                        if let Some(m) = &e.mandat { <br />{format!("Mandat n° {m}")} }</td>
                </tr>
            }
        })
        .collect();
    let actions: Html = f
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            html! {
                <tr key={i}>
                    <td>{a.code.label()}<span class="code-portail"><br /><code>{a.code.code()}</code></span></td>
                    <td>{datetime_fr(a.at)}</td>
                    <td>{cycle::qui(sb, Some(&a.par))}</td>
                </tr>
            }
        })
        .collect();
    let evenements: Html = f
        .evenements
        .iter()
        .enumerate()
        .map(|(i, e)| html! {
            <tr key={i}><td>{e.libelle.clone()}</td><td>{datetime_fr(e.at)}</td><td>{cycle::qui(sb, e.par.as_ref())}</td></tr>
        })
        .collect();
    // The portal's codes (API values) stay one click away, for trainers and integrators.
    html! {
        <div class="historiques">
            <div class="champ-case sans-impression">
                <input type="checkbox" id="afficher-codes" />
                <label for="afficher-codes">{"Afficher les codes du portail (API)"}</label>
            </div>
            <table class="tableau">
                <caption>{"Historique des statuts"}</caption>
                <thead><tr><th scope="col">{"Statut"}</th><th scope="col">{"Date et heure"}</th><th scope="col">{"Par"}</th><th scope="col">{"Commentaire ou motif"}</th></tr></thead>
                <tbody>{statuts}</tbody>
            </table>
            <table class="tableau">
                <caption>{"Historique des actions utilisateurs"}</caption>
                <thead><tr><th scope="col">{"Action"}</th><th scope="col">{"Date et heure"}</th><th scope="col">{"Utilisateur"}</th></tr></thead>
                <tbody>
                    if f.actions.is_empty() { <tr><td colspan="3">{"Aucune action pour l'instant."}</td></tr> }
                    {actions}
                </tbody>
            </table>
            <table class="tableau">
                <caption>{"Historique des événements complémentaires"}</caption>
                <thead><tr><th scope="col">{"Événement"}</th><th scope="col">{"Date et heure"}</th><th scope="col">{"Par"}</th></tr></thead>
                <tbody>
                    if f.evenements.is_empty() { <tr><td colspan="3">{"Aucun événement pour l'instant."}</td></tr> }
                    {evenements}
                </tbody>
            </table>
        </div>
    }
}

/// A plain-text rendering of an invoice keyed in on the portal (what « Télécharger » gives when
/// there is no PDF; the XML formats come with the formats work).
fn texte(sb: &Sandbox, f: &Facture) -> String {
    let name = |id: Option<&domain::kernel::ids::StructureId>| {
        id.and_then(|d| sb.structures.get(d))
            .map(|s| {
                format!(
                    "{} ({} {})",
                    s.raison_sociale,
                    s.identifier_type.label(),
                    s.identifier
                )
            })
            .unwrap_or_default()
    };
    let t = f.totaux();
    let mut out = format!(
        "Facture n° {}\nDate : {}\nFournisseur : {}\nDestinataire : {}\nCode service : {}\nEngagement juridique : {}\nCadre : {}\n\n",
        f.numero,
        f.date.map(day_fr).unwrap_or_default(),
        name(Some(&f.emetteur)),
        name(f.destinataire.as_ref()),
        f.code_service,
        f.ej,
        f.cadre.code()
    );
    for (i, l) in f.lignes.iter().enumerate() {
        out.push_str(&format!(
            "{}. {} — {} × {} HT, TVA {} : {}\n",
            i + 1,
            l.designation,
            l.quantite.map(|q| q.fr()).unwrap_or_default(),
            l.prix.map(|p| p.fr()).unwrap_or_default(),
            l.taux.map(|t| t.fr()).unwrap_or_default(),
            l.montant_ht().map(|m| m.fr_eur()).unwrap_or_default()
        ));
    }
    out.push_str(&format!(
        "\nTotal HT : {}\nTotal TVA : {}\nTotal TTC : {}\nMontant à payer : {}\n\nBac à sable Chorus Pro — document de formation, données fictives.\n",
        t.total_ht.fr_eur(),
        t.total_tva.fr_eur(),
        t.total_ttc.fr_eur(),
        f.a_payer().fr_eur()
    ));
    out
}

/// Opens the draft a command created, or shows why it was refused.
fn ouvrir_brouillon(
    cmd: &CommandHandle,
    navigator: &Option<Navigator>,
    result: Option<Result<FactureId, ActionError>>,
) {
    match result {
        Some(Ok(id)) => {
            if let Some(n) = navigator {
                n.push(&Route::ModifierBrouillon { id: id.to_string() });
            }
        }
        Some(Err(e)) => cmd.fail(e),
        None => {}
    }
}

/// What the supplier can do now with a sent invoice.
fn suite_fournisseur(cmd: &CommandHandle, f: &Rc<Facture>, navigator: &Option<Navigator>) -> Html {
    type Commande =
        fn(&Sandbox, &CompteId, &[FactureId], Timestamp) -> Result<Outcome<usize>, DomainError>;
    // The domain says which answers apply (status, habilitation).
    let app = cmd.app();
    let r = app
        .account()
        .map(|a| cycle::reponses(&app.sandbox(), &a.id, f))
        .unwrap_or_default();
    let done = {
        let cmd = cmd.clone();
        Callback::from(move |m: String| {
            cmd.set(Feedback {
                error: None,
                done: Some(m),
            })
        })
    };
    let run = |label: &'static str, commande: Commande| {
        let (cmd, id) = (cmd.clone(), f.id.clone());
        Callback::from(move |_: ()| {
            cmd.run(label, |sb, actor, now| {
                commande(sb, actor, std::slice::from_ref(&id), now)
            });
        })
    };
    let avoir = {
        let (cmd, id, navigator) = (cmd.clone(), f.id.clone(), navigator.clone());
        Callback::from(move |_: ()| {
            let r = cmd.try_run(|sb, actor, now| cycle::creer_avoir(sb, actor, &id, now));
            ouvrir_brouillon(&cmd, &navigator, r);
        })
    };
    html! {
        <div class="suite-fournisseur">
            if r.completer { <Completer facture={f.clone()} on_done={done.clone()} /> }
            if r.recycler { <Recycler facture={f.clone()} on_done={done.clone()} /> }
            <p class="actions sans-impression">
                if r.acquitter {
                    <button type="button" class="bouton" onclick={run(if f.statut == Statut::Rejetee { "Le rejet est acquitté." } else { "La suspension est acquittée." }, cycle::acquitter).reform(|_: MouseEvent| ())}>
                        {if f.statut == Statut::Rejetee { "Acquitter le rejet" } else { "Acquitter la suspension" }}</button>
                }
                if r.traiter_rejet {
                    <ConfirmButton id="traiter-rejet" label="Traiter le rejet" confirm_label="Oui, traiter le rejet"
                        question="Traiter le rejet retire la facture de la Synthèse. Émettez ensuite une nouvelle facture, avec un nouveau numéro, après correction."
                        on_confirm={run("Le rejet est traité : la facture quitte la Synthèse. Émettez une nouvelle facture corrigée.", cycle::traiter_rejet)} />
                }
                if r.avoir {
                    <ConfirmButton id="creer-avoir" label="Créer un avoir" confirm_label="Créer le brouillon d'avoir"
                        question={format!("Créer un brouillon d'avoir pour la facture n° {} (mêmes lignes, à ajuster) ?", f.numero)} on_confirm={avoir} />
                }
            </p>
        </div>
    }
}

/// Downloads an attachment; a storage error is shown on the page.
fn telecharger_piece(cmd: &CommandHandle, p: &PieceJointe) -> Callback<MouseEvent> {
    let (cmd, p) = (cmd.clone(), p.clone());
    Callback::from(move |_| {
        let (cmd, p) = (cmd.clone(), p.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = telecharger(cmd.app(), &p, None).await {
                cmd.fail(ActionError::Browser(e));
            }
        });
    })
}

/// What the recipient can do: download (recorded), and « Traiter ».
fn suite_destinataire(cmd: &CommandHandle, sb: &Sandbox, f: &Rc<Facture>) -> Html {
    let download = {
        let (cmd, f) = (cmd.clone(), f.clone());
        Callback::from(move |e: MouseEvent| {
            let r = cmd.try_run(|sb, actor, now| cycle::telecharger(sb, actor, &f.id, now));
            match r {
                Some(Ok(())) => {}
                Some(Err(e)) => return cmd.fail(e),
                None => return,
            }
            const FAIT: &str = "La facture est téléchargée ; le fournisseur voit qu'elle l'a été.";
            match f.principale() {
                Some(p) => {
                    telecharger_piece(&cmd, p).emit(e);
                    cmd.set(Feedback {
                        error: None,
                        done: Some(FAIT.to_string()),
                    });
                }
                None => {
                    cmd.set(preparation());
                    let (cmd, f) = (cmd.clone(), f.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        // No structured data (never for a sent saisie), or no file written:
                        // the text summary.
                        let pdf = match domain::facturation::facture::motif_sans_format(&f) {
                            Some(m) => Err(m.to_string()),
                            None => telechargement::exporter(cmd.app(), &f, Format::Pdf).await,
                        };
                        let r = match pdf {
                            Ok((nom, mime, octets)) => dom::download_bytes(&nom, &mime, &octets),
                            Err(_) => dom::download(
                                &format!("facture-{}.txt", f.numero),
                                "text/plain;charset=utf-8",
                                &texte(&cmd.app().sandbox(), &f),
                            ),
                        };
                        match r {
                            Ok(()) => cmd.set(Feedback {
                                error: None,
                                done: Some(FAIT.to_string()),
                            }),
                            Err(e) => cmd.fail(ActionError::Browser(e)),
                        }
                    });
                }
            }
        })
    };
    let possibles = cycle::traitements_possibles(sb, f);
    let traiter = cmd.app().account().is_some_and(|a| {
        f.destinataire
            .as_ref()
            .is_some_and(|d| may(sb, &a.id, d, Action::TraiterFacturesRecues).is_ok())
    });
    html! {
        <div class="suite-destinataire">
            <p class="actions sans-impression">
                <button type="button" class="bouton bouton-secondaire" onclick={download}>{"Télécharger la facture"}</button>
            </p>
            if traiter {
                <Traiter ids={vec![f.id.clone()]} {possibles} />
            }
        </div>
    }
}

/// Shown while the formats worker writes the file (its first start loads its wasm).
fn preparation() -> Feedback {
    Feedback {
        error: None,
        done: Some("Préparation du fichier…".to_string()),
    }
}

/// « Formats d'échange »: the invoice as the portal's partners exchange it (PDF Factur-X, UBL,
/// CII) and as the API would carry it. A recipient's download is recorded as any other.
fn formats_echange(cmd: &CommandHandle, f: &Rc<Facture>, fournisseur: bool) -> Html {
    if f.is_draft() {
        return html! {};
    }
    if let Some(m) = domain::facturation::facture::motif_sans_format(f) {
        return html! { <section class="formats sans-impression"><h2>{"Formats d'échange"}</h2><p>{m}</p></section> };
    }
    let bouton = |label: &'static str, format: Format| {
        let (cmd, f) = (cmd.clone(), f.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            if !fournisseur {
                match cmd.try_run(|sb, actor, now| cycle::telecharger(sb, actor, &f.id, now)) {
                    Some(Ok(())) => {}
                    Some(Err(e)) => return cmd.fail(e),
                    None => return,
                }
            }
            cmd.set(preparation());
            let (cmd, f) = (cmd.clone(), f.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match telechargement::telecharger(cmd.app(), &f, format).await {
                    Ok(()) => cmd.set(Feedback::default()),
                    Err(e) => cmd.fail(ActionError::Browser(e)),
                }
            });
        });
        html! { <button type="button" class="bouton bouton-secondaire" {onclick}>{label}</button> }
    };
    html! {
        <section class="formats sans-impression">
            <h2>{"Formats d'échange"}</h2>
            <p>{"La même facture dans les formats structurés que le portail échange (norme EN 16931) : un PDF Factur-X lisible par une personne et par un logiciel, ou le fichier XML seul, en UBL ou en CII."}</p>
            <p class="actions">
                if fournisseur { {bouton("Télécharger la facture (PDF Factur-X)", Format::Pdf)} }
                {bouton("Télécharger en UBL", Format::Ubl)}
                {bouton("Télécharger en CII", Format::Cii)}
                {link(Route::FactureApi { id: f.id.to_string() }, "Voir comme l'API", "bouton bouton-secondaire")}
            </p>
        </section>
    }
}

/// « Pièces jointes » of the invoice, each downloadable.
fn pieces(f: &Facture) -> Html {
    if f.pieces.is_empty() {
        return html! { <p>{"Aucune pièce jointe."}</p> };
    }
    let items: Html = f
        .pieces
        .iter()
        .map(|p| {
            html! {
                <li key={p.id.to_string()}>
                    {format!("{}{} ({}) ", p.nom, if p.principale { " — facture PDF (original)" } else { "" }, taille_fr(p.taille))}
                    <LienTelechargement piece={p.clone()} />
                </li>
            }
        })
        .collect();
    html! { <ul class="liste-pieces">{items}</ul> }
}

/// The invoice as a document (printable).
fn papier(sb: &Sandbox, f: &Facture) -> Html {
    let compte = saisie::compte_bancaire(sb, f);
    html! {
        <article class="facture-papier">
            <div class="parties">
                {partie("Fournisseur", sb.structures.get(&f.emetteur).map(|s| s.as_ref()), &f.service_fournisseur)}
                {partie("Destinataire", f.destinataire_dans(sb).map(|s| s.as_ref()), &f.code_service)}
            </div>
            {references(f)}
            {lignes(f)}
            {totaux(f)}
            if let Some(c) = compte {
                <p>{format!("Coordonnées bancaires : {} — IBAN {} — BIC {}{}", c.libelle, format_iban(&c.iban), c.bic,
                    if c.affactureur { " (compte d'un affactureur)" } else { "" })}</p>
            }
            if !f.commentaire.is_empty() { <p>{"Commentaire : "}{f.commentaire.clone()}</p> }
        </article>
    }
}

fn introuvable(route: Route) -> Html {
    html! {
        <Page {route} help={html!{ <p>{"Les factures de votre structure se retrouvent dans « Factures émises » ou « Factures reçues »."}</p> }}>
            <p class="alerte" role="alert">{"Cette facture n'existe pas (ou plus)."}</p>
            <p>{link(Route::FacturesEmises, "Factures émises — Synthèse", "")}</p>
        </Page>
    }
}

#[component]
pub fn ConsulterFacture(props: &Props) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let cmd = use_command();
    // The valideur's forms (kept here: the validation box is a plain view).
    let saisie = use_state(Saisie::nouvelle);
    let route = Route::Facture {
        id: props.id.clone(),
    };
    let sb = app.sandbox();
    let Some(f) = sb
        .factures
        .get(&FactureId::from(props.id.as_str()))
        .cloned()
    else {
        return introuvable(route);
    };
    let Some(actor) = app.account().map(|a| a.id.clone()) else {
        return html! {};
    };
    let cote = match cycle::cote(&sb, &actor, &f) {
        Ok(c) => c,
        Err(_) => {
            return match access(
                &app,
                f.emetteur.as_str(),
                Action::ConsulterFacturesEmises,
                route.clone(),
            ) {
                Ok(_) => html! {},
                Err(page) => page,
            }
        }
    };
    let fournisseur = cote == cycle::Cote::Fournisseur;
    let valideur = cote == cycle::Cote::Valideur;
    // The valideur acts if the invoice awaits its structure and it holds « Factures à valider »
    // in modification; whoever named the valideur may correct it.
    let valider = validation::attente(&f)
        .is_some_and(|(_, v)| may(&sb, &actor, v, Action::ValiderFactures).is_ok());
    let corriger = validation::peut_corriger(&sb, &actor, &f);
    let emettre = fournisseur && may(&sb, &actor, &f.emetteur, Action::EmettreFactures).is_ok();
    let duplicate = {
        let (cmd, navigator, id) = (cmd.clone(), navigator.clone(), f.id.clone());
        Callback::from(move |_| {
            let r = cmd.try_run(|sb, actor, now| saisie::dupliquer(sb, actor, &id, now));
            ouvrir_brouillon(&cmd, &navigator, r);
        })
    };
    let print = Callback::from(|_| dom::print());
    let fb = cmd.feedback();
    let title = f.titre();
    // The breadcrumb follows the viewer's side: a recipient came from « Factures reçues ».
    let parents = match cote {
        cycle::Cote::Fournisseur => None,
        cycle::Cote::Destinataire => Some(vec![
            Route::Accueil,
            Route::Facturation,
            Route::FacturesRecues,
        ]),
        cycle::Cote::Valideur => Some(vec![
            Route::Accueil,
            Route::Facturation,
            Route::FacturesAValider,
        ]),
    };
    html! {
        <Page {route} title={Some(AttrValue::from(title))} {parents} help={html!{
            <p>{"La facture telle qu'elle a été déposée, son statut courant et son suivi (historique des statuts, des actions des utilisateurs et des événements). Côté fournisseur : compléter une facture suspendue, recycler une facture à recycler, acquitter et traiter un rejet, créer un avoir. Côté destinataire : la télécharger et la traiter. Pour une facture de sous-traitant ou de cotraitant (A9, A12) : le valideur la valide ou la refuse ; le fournisseur corrige le valideur s'il s'est trompé. « Imprimer » en donne une version papier."}</p>
        }}>
            <p class="actions sans-impression">
                <button type="button" class="bouton bouton-secondaire" onclick={print}>{"Imprimer"}</button>
                if !f.is_draft() && fournisseur { {link(Route::CertificatDepot { id: f.id.to_string() }, "Certificat de dépôt", "bouton bouton-secondaire")} }
                if f.is_draft() && emettre { {link(Route::ModifierBrouillon { id: f.id.to_string() }, "Compléter le brouillon", "bouton")} }
                if emettre { <button type="button" class="bouton bouton-secondaire" onclick={duplicate}>{"Dupliquer"}</button> }
            </p>
            <div class="zone-erreur">
                if let Some(e) = &fb.error { <p class="alerte alerte-erreur" role="alert">{e.to_string()}</p> }
            </div>
            {fb.done_html()}
            <p>{"Statut : "}{badge(f.statut)}
                if f.statut != Statut::Brouillon { {format!(" depuis le {}", datetime_fr(f.date_etat_courant()))} }
                if f.telechargee() { {" — téléchargée par le destinataire"} }
                if f.rejet_traite() { {" — rejet traité"} }
            </p>
            {etat_validation(&sb, &f)}
            if !f.is_draft() {
                if fournisseur {
                    {suite_fournisseur(&cmd, &f, &navigator)}
                } else if !valideur {
                    {suite_destinataire(&cmd, &sb, &f)}
                }
                if valideur || corriger {
                    {validation_facture(&cmd, &saisie, &f, (valideur, valider, corriger))}
                }
            }
            {papier(&sb, &f)}
            {formats_echange(&cmd, &f, fournisseur)}
            <h2>{"Pièces jointes"}</h2>
            {pieces(&f)}
            if !f.historique.is_empty() {
                <h2>{"Suivi du traitement de la facture"}</h2>
                {historique(&sb, &f)}
            }
        </Page>
    }
}
