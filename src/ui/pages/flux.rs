//! « Dépôt de flux »: the deposit of UBL, CII or Factur-X files (on « Déposer une facture »),
//! « Suivi des flux » (the structure's flows) and a flux's page (status history, compte rendu).
//! The files are read by `formats::depot` in the formats worker (`browser::formats`); the domain
//! decides (`facturation::flux`).

use super::{access, structure_de_travail};
use crate::ui::components::form::ErrorSummary;
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::components::pieces_jointes::{fichiers_choisis, lire};
use crate::ui::context::AppContext;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::facturation::flux::{self, FichierLu, Flux, StatutFlux, CHAMP_FICHIERS};
use domain::kernel::ids::FluxId;
use domain::kernel::text::pluriel;
use domain::kernel::time::datetime_fr;
use domain::organisation::droits::Action;
use formats_protocole::{Reponse, Requete};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::use_navigator;

fn badge(s: StatutFlux) -> Html {
    html! { <span class={classes!("statut", format!("statut-{}", s.tone()))}>{s.label()}<span class="code-portail">{format!(" ({})", s.code())}</span></span> }
}

/// The files chosen and read, ready to deposit.
#[derive(Clone, PartialEq, Default)]
struct Choix {
    noms: Vec<String>,
    lus: Rc<Vec<FichierLu>>,
}

/// « Déposer un fichier structuré »: choose UBL/CII/Factur-X files (or a ZIP), then deposit them as
/// one flux. A hostile file is refused here, nothing deposited.
#[component]
pub fn DepotFlux() -> Html {
    let app = crate::ui::context::use_app();
    let cmd = use_command();
    let choix = use_state(Choix::default);
    let erreur = use_state(|| None::<String>);
    // The files are being read by the formats worker.
    let lecture = use_state(|| false);
    let navigator = use_navigator();
    let Ok(a) = structure_de_travail(&app, Action::DeposerFlux, Route::DeposerFacture) else {
        return html! {};
    };
    let onchange = {
        let (choix, erreur, lecture) = (choix.clone(), erreur.clone(), lecture.clone());
        Callback::from(move |e: Event| {
            let files = fichiers_choisis(&e);
            let (choix, erreur, lecture) = (choix.clone(), erreur.clone(), lecture.clone());
            // Refused before reading: the browser would hold the whole file in memory.
            if let Some(f) = files.iter().find(|f| f.size() >= flux::MAX_OCTETS as f64) {
                erreur.set(Some(format!(
                    "Le fichier « {} » pèse 50 Mo ou plus : un fichier déposé doit peser moins de 50 Mo.",
                    f.name()
                )));
                choix.set(Choix::default());
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                let (lus, errors) = lire(files).await;
                if let Some(e) = errors.into_iter().next() {
                    erreur.set(Some(e));
                    choix.set(Choix::default());
                    return;
                }
                let noms: Vec<String> = lus.iter().map(|(n, _)| n.clone()).collect();
                let octets = lus.into_iter().map(|(_, o)| o).collect();
                let requete = Requete::Lire { noms: noms.clone() };
                erreur.set(None);
                choix.set(Choix::default());
                lecture.set(true);
                let r = crate::browser::formats::demander(&requete, octets).await;
                lecture.set(false);
                let r = match r {
                    Ok((Reponse::Lus { fichiers }, _)) => Ok(fichiers),
                    Ok(_) => Err("Réponse inattendue du module des formats.".to_string()),
                    Err(e) => Err(e),
                };
                match r {
                    Ok(l) => {
                        erreur.set(None);
                        choix.set(Choix {
                            noms,
                            lus: Rc::new(l),
                        });
                    }
                    Err(m) => {
                        erreur.set(Some(m));
                        choix.set(Choix::default());
                    }
                }
            });
        })
    };
    let deposer = {
        let (cmd, choix, navigator) = (cmd.clone(), choix.clone(), navigator.clone());
        let emetteur = a.structure.id.clone();
        Callback::from(move |_: MouseEvent| {
            let (cmd, choix, navigator, emetteur) = (
                cmd.clone(),
                choix.clone(),
                navigator.clone(),
                emetteur.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let lus = choix.lus.clone();
                let Some(result) = cmd
                    .try_run_unique(true, |sb, actor, now| {
                        flux::deposer(sb, actor, &emetteur, &lus, now)
                    })
                    .await
                else {
                    return;
                };
                match result {
                    Ok(depot) => {
                        if let Some(n) = &navigator {
                            n.push(&Route::Flux {
                                id: depot.flux.to_string(),
                            });
                        }
                    }
                    Err(e) => cmd.fail(e),
                }
            });
        })
    };
    let message = (*erreur)
        .clone()
        .or_else(|| cmd.feedback().field(CHAMP_FICHIERS));
    let nb = choix.noms.len();
    let factures: usize = choix.lus.iter().map(|f| f.factures.len()).sum();
    html! {
        <section class="bloc" aria-labelledby="depot-flux-titre">
            <h2 id="depot-flux-titre">{"Déposer un fichier structuré (UBL, CII, Factur-X)"}</h2>
            <p>{"Un fichier UBL ou CII (XML), un PDF Factur-X, plusieurs à la fois ou une archive ZIP : le portail les reçoit en un flux, avec son numéro, et les traite en quelques minutes. Suivez-le dans « Suivi des flux »."}</p>
            <ErrorSummary id="erreurs-flux" error={cmd.feedback().error.clone().filter(|e| e.domain().is_none_or(|d| d.for_field(CHAMP_FICHIERS).is_none()))} />
            <div class={classes!("champ", message.is_some().then_some("champ-en-erreur"))}>
                <label for={CHAMP_FICHIERS.id}>{CHAMP_FICHIERS.libelle}</label>
                <p class="aide-champ" id="fichiers-flux-aide">{"XML en UTF-8 (UBL 2.1 Invoice ou CreditNote, CII D16B), PDF/A-3 Factur-X ou ZIP ; moins de 50 Mo par fichier, 500 factures au plus par flux."}</p>
                if let Some(m) = &message {
                    <p class="erreur-champ" id="fichiers-flux-erreur" role="alert">{m.clone()}</p>
                }
                <input type="file" id={CHAMP_FICHIERS.id} multiple=true accept=".xml,.pdf,.zip,application/xml,text/xml,application/pdf,application/zip" {onchange}
                    aria-describedby={if message.is_some() { "fichiers-flux-aide fichiers-flux-erreur" } else { "fichiers-flux-aide" }} />
            </div>
            <div role="status" class="zone-statut">
                if *lecture { <p>{"Lecture des fichiers…"}</p> }
                if nb > 0 {
                    <p>{format!("{} prêt{} à déposer ({}) : {}.", pluriel(nb, "fichier", "fichiers"), if nb > 1 { "s" } else { "" }, pluriel(factures, "facture lue", "factures lues"), choix.noms.join(", "))}</p>
                }
            </div>
            <p class="actions">
                <button type="button" class="bouton" onclick={deposer} disabled={nb == 0 || cmd.busy()}>
                    {if cmd.busy() { "Dépôt en cours…" } else { "Déposer le flux" }}
                </button>
                {link(Route::SuiviFlux, "Suivi des flux", "")}
            </p>
        </section>
    }
}

/// The first three file names, and how many more.
fn noms(fichiers: &[String]) -> String {
    let mut t = fichiers
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if fichiers.len() > 3 {
        t.push_str(&format!(" et {} autres", fichiers.len() - 3));
    }
    t
}

fn aide_suivi() -> Html {
    html! { <>
        <p>{"Un flux est un dépôt de fichiers structurés (UBL, CII, Factur-X), comme en envoient les partenaires en EDI ou par l'API. Son statut suit le traitement : IN_RECU (reçu), IN_TRAITE_SE_CPP (passé par le système d'échange), IN_EN_ATTENTE_TRAITEMENT_CPP, IN_EN_COURS_TRAITEMENT_CPP, puis IN_INTEGRE (toutes les factures intégrées), IN_INTEGRE_PARTIEL (seules les factures correctes) ou IN_REJETE."}</p>
        <p>{"Dans le bac à sable, le traitement suit l'horloge du bac à sable : 1, 2 et 5 minutes pour les étapes intermédiaires, 10 minutes pour le résultat (le portail ne publie pas de délai ; ces durées sont un choix de formation, que l'horloge du formateur permet d'avancer). Les contrôles sont faits au dépôt, le compte rendu s'affiche une fois le flux traité. La forme des numéros de flux (CPP, l'année, un rang) et les codes d'erreur technique sont ceux du bac à sable : le portail ne les publie pas."}</p>
    </> }
}

/// « Suivi des flux »: the flows of the structure de travail, newest first.
pub fn suivi_flux(app: &AppContext) -> Html {
    let route = Route::SuiviFlux;
    let a = match structure_de_travail(app, Action::ConsulterFlux, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let liste = flux::flux_de(&a.sb, &a.structure.id);
    let rows: Html = liste
        .iter()
        .map(|f| {
            html! {
                <tr key={f.id.to_string()}>
                    <td>{link(Route::Flux { id: f.id.to_string() }, f.numero.clone(), "")}</td>
                    <td>{datetime_fr(f.depose_le())}</td>
                    <td>{f.syntaxe.code()}</td>
                    <td>{noms(&f.fichiers)}</td>
                    <td class="montant">{f.nb_factures}</td>
                    <td>{badge(f.statut)}</td>
                </tr>
            }
        })
        .collect();
    html! {
        <Page route={route.clone()} title={Some(AttrValue::from(format!("{} — {}", route.title(), a.structure.display_name())))} help={aide_suivi()}>
            <p class="actions">
                {link(Route::FacturesEmises, "Factures émises — Synthèse", "")}
                if a.may(Action::DeposerFlux) {
                    {link(Route::DeposerFacture, "Déposer une facture", "bouton")}
                }
            </p>
            if liste.is_empty() {
                <p>{"Aucun flux déposé pour cette structure."}</p>
            } else {
                <table class="tableau">
                    <caption>{pluriel(liste.len(), "flux déposé", "flux déposés")}</caption>
                    <thead><tr>
                        <th scope="col">{"Numéro de flux"}</th>
                        <th scope="col">{"Date de dépôt"}</th>
                        <th scope="col">{"Syntaxe"}</th>
                        <th scope="col">{"Fichiers"}</th>
                        <th scope="col">{"Factures"}</th>
                        <th scope="col">{"Statut"}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        </Page>
    }
}

/// A flux: its status history and, once processed, its compte rendu.
pub fn consulter_flux(app: &AppContext, id: &str) -> Html {
    let route = Route::Flux { id: id.to_string() };
    let sb = app.sandbox();
    let Some(actor) = app.account().map(|a| a.id.clone()) else {
        return html! {};
    };
    let fl = match flux::consulter(&sb, &actor, &FluxId::from(id)) {
        Ok(f) => f.clone(),
        Err(domain::DomainError::Forbidden(_)) => {
            let emetteur = sb.flux.get(&FluxId::from(id)).map(|f| f.emetteur.clone());
            return match emetteur.map(|e| access(app, e.as_str(), Action::ConsulterFlux, route)) {
                Some(Err(page)) => page,
                _ => html! {},
            };
        }
        Err(e) => {
            return html! {
                <Page {route} title={Some(AttrValue::Static("Flux introuvable"))} help={aide_suivi()}>
                    <p class="alerte alerte-erreur" role="alert">{e.to_string()}</p>
                    <p>{link(Route::SuiviFlux, "Retour au suivi des flux", "")}</p>
                </Page>
            }
        }
    };
    let etapes: Html = fl
        .historique
        .iter()
        .map(|e| html! { <tr><td>{datetime_fr(e.at)}</td><td>{badge(e.statut)}</td></tr> })
        .collect();
    html! {
        <Page route={route} title={Some(AttrValue::from(format!("Flux n° {}", fl.numero)))} help={aide_suivi()}>
            <dl class="fiche">
                <dt>{"Numéro de flux"}</dt><dd>{fl.numero.clone()}</dd>
                <dt>{"Statut"}</dt><dd>{badge(fl.statut)}</dd>
                <dt>{"Syntaxe du flux"}</dt><dd>{format!("{} — {}", fl.syntaxe.code(), fl.syntaxe.label())}</dd>
                <dt>{"Fichiers"}</dt><dd>{fl.fichiers.join(", ")}</dd>
                <dt>{"Factures lues"}</dt><dd>{fl.nb_factures}</dd>
            </dl>
            <h2>{"Historique des statuts du flux"}</h2>
            <table class="tableau">
                <thead><tr><th scope="col">{"Date"}</th><th scope="col">{"Statut"}</th></tr></thead>
                <tbody>{etapes}</tbody>
            </table>
            <h2>{"Compte rendu"}</h2>
            if fl.statut.est_final() {
                {compte_rendu(&sb, &fl)}
            } else {
                <p>{"Le flux est en cours de traitement : son compte rendu sera disponible une fois le traitement terminé (10 minutes de l'horloge du bac à sable après le dépôt)."}</p>
            }
            <details class="api-flux">
                <summary>{"Voir comme l'API (consulterCRDetaille)"}</summary>
                <p>{"Un logiciel raccordé en API lit ce compte rendu avec l'opération consulterCRDetaille, en lui passant le numéro du flux : "}<code>{format!("{{\"numeroFluxDepot\": \"{}\"}}", fl.numero)}</code>{". La réponse ci-dessous est celle du bac à sable pour ce flux : son état courant, puis, une fois le flux traité, les erreurs des factures (listeErreurDP) et les erreurs techniques (listeErreurTechnique). Les codes et la nature des erreurs techniques sont ceux du bac à sable : le portail ne les publie pas."}</p>
                <super::api_facture::BlocJson id="json-cr-flux" titre="Réponse consulterCRDetaille"
                    texte={AttrValue::from(flux::reponse_consulter_cr_detaille(&fl))}
                    fichier={AttrValue::from(format!("consulterCRDetaille-{}.json", fl.numero))} />
            </details>
            <p>{link(Route::SuiviFlux, "Retour au suivi des flux", "")}</p>
        </Page>
    }
}

fn compte_rendu(sb: &domain::Sandbox, fl: &Flux) -> Html {
    let integrees: Html = fl
        .integrees
        .iter()
        .filter_map(|id| sb.factures.get(id))
        .map(|f| html! { <li>{link(Route::Facture { id: f.id.to_string() }, f.numero.clone(), "")}</li> })
        .collect();
    let techniques: Html = fl
        .erreurs_techniques
        .iter()
        .map(|e| {
            html! { <tr>
                <td>{e.fichier.clone()}</td>
                <td>{e.ligne.map(|l| l.to_string()).unwrap_or_default()}</td>
                <td><code>{e.code.clone()}</code></td>
                <td>{e.libelle.clone()}</td>
            </tr> }
        })
        .collect();
    let dp: Html = fl
        .erreurs_dp
        .iter()
        .map(|e| {
            html! { <tr>
                <td>{e.numero.clone()}</td>
                <td>{e.fichier.clone()}</td>
                <td>{e.identifiant_destinataire.clone()}</td>
                <td>{e.regle.clone()}</td>
                <td>{e.libelle.clone()}</td>
            </tr> }
        })
        .collect();
    html! { <>
        <p>{format!("{} sur {} ; {} ; {}.",
            pluriel(fl.integrees.len(), "facture intégrée", "factures intégrées"),
            fl.nb_factures,
            pluriel(fl.erreurs_techniques.len(), "erreur technique", "erreurs techniques"),
            pluriel(fl.erreurs_dp.len(), "erreur de facture", "erreurs de factures"))}</p>
        if !fl.integrees.is_empty() {
            <h3>{"Factures intégrées (dans Factures émises)"}</h3>
            <ul>{integrees}</ul>
        }
        if !fl.erreurs_techniques.is_empty() {
            <h3>{"Erreurs techniques (listeErreurTechnique)"}</h3>
            <table class="tableau">
                <thead><tr><th scope="col">{"Fichier"}</th><th scope="col">{"Ligne"}</th><th scope="col">{"Code"}</th><th scope="col">{"Libellé"}</th></tr></thead>
                <tbody>{techniques}</tbody>
            </table>
        }
        if !fl.erreurs_dp.is_empty() {
            <h3>{"Erreurs des factures (listeErreurDP)"}</h3>
            <table class="tableau">
                <thead><tr><th scope="col">{"Numéro de facture"}</th><th scope="col">{"Fichier"}</th><th scope="col">{"Destinataire"}</th><th scope="col">{"Règle"}</th><th scope="col">{"Libellé de l'erreur"}</th></tr></thead>
                <tbody>{dp}</tbody>
            </table>
        }
    </> }
}
