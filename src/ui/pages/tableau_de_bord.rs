//! « Tableau de bord » of the user's structure de travail: what awaits its action, then its sent
//! and received invoices per status (a table, and a bar chart drawn in SVG of which the table is
//! the accessible equivalent). Each status leads to the list filtered on it.

use super::structure_de_travail;
use crate::ui::components::badge;
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::facturation::facture::Statut;
use domain::facturation::recherche::{Cote, Criteres};
use domain::facturation::tableau_de_bord::{tableau, total, LigneStatut};
use domain::kernel::ids::{FactureId, StructureId};
use domain::kernel::time::date_fr;
use domain::organisation::droits::Action;
use domain::Sandbox;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

/// The query of a list filtered on one status (as the domain builds it).
fn requete(statut: Statut) -> String {
    Criteres::du_statut(statut).to_query()
}

/// The list page of a side.
fn liste(cote: Cote) -> Route {
    match cote {
        Cote::Emises => Route::FacturesEmises,
        Cote::Recues => Route::FacturesRecues,
        Cote::AValider => Route::FacturesAValider,
    }
}

fn titre(cote: Cote) -> &'static str {
    match cote {
        Cote::Emises => "Factures émises",
        Cote::Recues => "Factures reçues",
        Cote::AValider => "Factures à valider",
    }
}

/// A link to the list of one side filtered on `statut`.
fn lien_liste(cote: Cote, statut: Statut, label: Html) -> Html {
    html! {
        <a href={format!("#{}?{}", liste(cote).to_path(), requete(statut))}>{label}</a>
    }
}

fn pluriel(n: usize, un: &str, plusieurs: &str) -> String {
    format!("{n} {}", if n > 1 { plusieurs } else { un })
}

fn ouvrir(n: usize) -> &'static str {
    if n > 1 {
        "ouvrez chacune"
    } else {
        "ouvrez-la"
    }
}

fn nom(sb: &Sandbox, id: Option<&StructureId>) -> String {
    id.and_then(|id| sb.structures.get(id))
        .map(|s| s.display_name().to_string())
        .unwrap_or_else(|| "—".to_string())
}

/// Width of the longest bar, in SVG units (the chart scales with its container).
const BARRE_MAX: usize = 320;
/// Where bars start; status labels end just before.
const BARRE_X: usize = 250;
const LIGNE_H: usize = 32;
const BARRE_H: usize = 20;

/// Horizontal bars, one per status, their length proportional to the count. Clicking a bar opens
/// the filtered list (the table's links do the same from the keyboard: nothing inside an
/// `role="img"` may take the focus).
fn graphique(cote: Cote, lignes: &[LigneStatut], navigator: Option<Navigator>) -> Html {
    let max = lignes.iter().map(|l| l.nombre).max().unwrap_or(1).max(1);
    let resume = lignes
        .iter()
        .map(|l| format!("{} : {}", l.statut.label(), l.nombre))
        .collect::<Vec<_>>()
        .join(", ");
    let titre = format!("{} par statut", titre(cote));
    let hauteur = lignes.len() * LIGNE_H + 8;
    let barres: Html = lignes
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = 4 + i * LIGNE_H;
            let largeur = (l.nombre * BARRE_MAX / max).max(3);
            let onclick = navigator.clone().map(|n| {
                let (to, q) = (liste(cote), requete(l.statut));
                Callback::from(move |_: MouseEvent| {
                    let _ = n.push_with_query(&to, Raw(q.clone()));
                })
            });
            html! {
                <g class="graphique-barre" {onclick}>
                    <text x={(BARRE_X - 10).to_string()} y={(y + BARRE_H / 2).to_string()} class="graphique-libelle">{l.statut.label()}</text>
                    <rect x={BARRE_X.to_string()} y={y.to_string()} width={largeur.to_string()} height={BARRE_H.to_string()} rx="3"
                        class={format!("barre-{}", l.statut.tone())} />
                    <text x={(BARRE_X + largeur + 8).to_string()} y={(y + BARRE_H / 2).to_string()} class="graphique-nombre">{l.nombre}</text>
                </g>
            }
        })
        .collect();
    html! {
        <svg class="graphique" viewBox={format!("0 0 640 {hauteur}")} role="img"
            aria-label={format!("{titre} — {resume}")}>
            <title>{titre}</title>
            {barres}
        </svg>
    }
}

/// The side's statuses: number and total TTC, each status linking to the filtered list.
fn table(cote: Cote, lignes: &[LigneStatut]) -> Html {
    let (nombre, montant) = total(lignes);
    let rows: Html = lignes
        .iter()
        .map(|l| {
            html! {
                <tr key={l.statut.code()}>
                    <th scope="row">{lien_liste(cote, l.statut, badge(l.statut))}</th>
                    <td class="nombre">{l.nombre}</td>
                    <td class="montant">{l.montant_ttc.fr_eur()}</td>
                </tr>
            }
        })
        .collect();
    html! {
        <table class="tableau tableau-statuts">
            <caption>{format!("{} par statut", titre(cote))}</caption>
            <thead><tr>
                <th scope="col">{"Statut"}</th>
                <th scope="col">{"Nombre"}</th>
                <th scope="col">{"Montant TTC"}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr>
                <th scope="row">{"Total"}</th>
                <td class="nombre">{nombre}</td>
                <td class="montant">{montant.fr_eur()}</td>
            </tr></tfoot>
        </table>
    }
}

fn cote(cote: Cote, lignes: &[LigneStatut], navigator: Option<Navigator>, vide: Html) -> Html {
    let titre_id = format!("titre-{}", cote.slug());
    html! {
        <section aria-labelledby={titre_id.clone()}>
            <h2 id={titre_id}>{titre(cote)}</h2>
            if lignes.is_empty() {
                <div class="vide">{vide}</div>
            } else {
                <div class="tableau-de-bord-cote">
                    {graphique(cote, lignes, navigator)}
                    {table(cote, lignes)}
                </div>
                <p>{link(liste(cote), format!("Toutes les {}", titre(cote).to_lowercase()), "")}</p>
            }
        </section>
    }
}

/// Invoices awaiting an action: number, partner, status, date of the status.
fn attente(
    sb: &Sandbox,
    caption: &str,
    partenaire: &str,
    ids: &[FactureId],
    fournisseur: bool,
) -> Html {
    let rows: Html = ids
        .iter()
        .filter_map(|id| sb.factures.get(id))
        .map(|f| {
            let numero = f.designation_liste();
            let autre = if fournisseur {
                nom(sb, f.destinataire.as_ref())
            } else {
                nom(sb, Some(&f.emetteur))
            };
            html! {
                <tr key={f.id.to_string()}>
                    <td>{link(Route::Facture { id: f.id.to_string() }, numero, "")}</td>
                    <td>{autre}</td>
                    <td>
                        {badge(f.statut)}
                        if fournisseur && f.a_acquitter() {
                            {" "}<span class="etiquette">{"À acquitter"}</span>
                        }
                    </td>
                    <td class="nombre">{date_fr(f.date_etat_courant())}</td>
                </tr>
            }
        })
        .collect();
    html! {
        <table class="tableau">
            <caption>{caption.to_string()}</caption>
            <thead><tr>
                <th scope="col">{"Numéro"}</th>
                <th scope="col">{partenaire.to_string()}</th>
                <th scope="col">{"Statut"}</th>
                <th scope="col">{"Depuis le"}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
pub fn TableauDeBord() -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let route = Route::TableauDeBord;
    let a = match structure_de_travail(&app, Action::ConsulterStructure, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let voir_emises = a.may(Action::ConsulterFacturesEmises);
    let voir_recues = a.may(Action::ConsulterFacturesRecues);
    let emettre = a.may(Action::EmettreFactures);
    let t = tableau(&a.sb, &a.structure.id);
    let sb = &a.sb;

    let fournisseur = voir_emises.then(|| {
        let n = t.a_traiter_fournisseur.len();
        html! {
            <>
                <h3>{"Vos factures émises"}</h3>
                if n == 0 {
                    <p class="vide">{"Aucune facture émise n'attend votre action : aucune n'est à recycler, suspendue ni rejetée sans que le rejet soit traité."}</p>
                } else {
                    <p>{format!("{} à reprendre : {} pour la recycler, la compléter ou traiter le rejet.", pluriel(n, "facture", "factures"), ouvrir(n))}</p>
                    {attente(sb, "Factures émises en attente de votre action, les plus anciennes d'abord", "Destinataire", &t.a_traiter_fournisseur, true)}
                }
                if t.a_acquitter > 0 {
                    <p class="alerte alerte-avertissement">{format!(
                        "{} à acquitter : ouvrez chaque facture marquée « À acquitter » pour prendre connaissance du motif.",
                        pluriel(t.a_acquitter, "rejet ou suspension", "rejets ou suspensions"))}</p>
                }
                <p>
                    if t.brouillons == 0 {
                        {"Aucun brouillon en cours."}
                    } else {
                        {format!("{} à compléter puis envoyer : ", pluriel(t.brouillons, "brouillon", "brouillons"))}
                        {link(Route::Brouillons, "voir les brouillons", "")}
                    }
                </p>
            </>
        }
    });
    let destinataire = voir_recues.then(|| {
        let n = t.a_traiter_destinataire.len();
        html! {
            <>
                <h3>{"Vos factures reçues"}</h3>
                if n == 0 {
                    <p class="vide">{"Aucune facture reçue n'attend votre traitement. Les factures mises à disposition par un fournisseur, ou complétées après une suspension, apparaîtront ici."}</p>
                } else {
                    <p>{format!("{} à traiter : {} pour la télécharger puis la traiter (service fait, suspension, rejet…).", pluriel(n, "facture", "factures"), ouvrir(n))}</p>
                    {attente(sb, "Factures reçues en attente de votre traitement, les plus anciennes d'abord", "Fournisseur", &t.a_traiter_destinataire, false)}
                }
            </>
        }
    });
    let vide_emises = html! {
        <>
            <p>{"Votre structure n'a encore envoyé aucune facture."}</p>
            if emettre {
                <p class="actions">
                    {link(Route::SaisirFacture, "Saisir une facture", "bouton")}
                    {link(Route::DeposerFacture, "Déposer une facture", "bouton bouton-secondaire")}
                </p>
            } else {
                <p>{"Pour en émettre, demandez l'habilitation « Factures émises » en modification au gestionnaire principal de la structure."}</p>
            }
        </>
    };
    let vide_recues = html! {
        <p>{"Aucune facture reçue : les factures que des fournisseurs adressent à votre structure apparaîtront ici, dès leur mise à disposition."}</p>
    };

    html! {
        <Page route={route.clone()} title={Some(AttrValue::from(format!("{} — {}", route.title(), a.structure.display_name())))} help={html!{
            <>
                <p>{"Le tableau de bord résume l'activité de facturation de votre structure de travail : d'abord ce qui attend votre action, puis le nombre de factures et leur montant TTC par statut, pour les factures émises et les factures reçues."}</p>
                <p>{"Cliquez sur un statut pour ouvrir la liste des factures filtrée sur ce statut. Les brouillons ne sont pas comptés parmi les factures émises. Les montants additionnent les totaux TTC des factures, avoirs déduits."}</p>
            </>
        }}>
            if !voir_emises && !voir_recues {
                <p class="alerte alerte-info">{"Vos habilitations ne donnent accès ni aux factures émises ni aux factures reçues de cette structure. Demandez au gestionnaire principal l'habilitation « Factures émises » ou « Factures reçues »."}</p>
            } else {
                <section class="panneau" aria-labelledby="titre-attente">
                    <h2 id="titre-attente">{"En attente de votre action"}</h2>
                    {fournisseur.unwrap_or_default()}
                    {destinataire.unwrap_or_default()}
                </section>
            }
            if voir_emises {
                {cote(Cote::Emises, &t.emises, navigator.clone(), vide_emises)}
            }
            if voir_recues {
                {cote(Cote::Recues, &t.recues, navigator.clone(), vide_recues)}
            }
        </Page>
    }
}
