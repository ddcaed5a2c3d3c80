//! The invoice list of both sides (« Factures émises » and « Factures reçues » → Synthèse): the
//! search form, searching on every keystroke, with its criteria kept in the URL query (so a link
//! can open a filtered list, and typing replaces the history entry rather than adding one), a
//! table sortable by every column, pagination, the CSV export and, on demand, a selection column.

use crate::ui::components::badge;
use crate::ui::components::form::{checkbox, select_field, TextField};
use crate::ui::components::link;
use crate::ui::context::use_app;
use crate::ui::dom;
use crate::ui::route::Route;
use chrono::NaiveDate;
use domain::facturation::facture::{Cadre, Facture, Statut, TypeFacture};
use domain::facturation::recherche::{self, cadre_court, Colonne, Cote, Criteres};
use domain::kernel::ids::{FactureId, StructureId};
use domain::kernel::money::{parse_montant, Montant};
use domain::kernel::time::day_fr;
use domain::kernel::time::iso_day;
use domain::kernel::time::{date_fr, paris_date};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub cote: Cote,
    /// The structure whose sent (or received) invoices are listed.
    pub structure: StructureId,
    /// The list's own page: the criteria are written to its URL query.
    pub route: Route,
    /// When given, a first column of checkboxes (and « Tout sélectionner » for the page). The list
    /// drops from it the invoices its criteria no longer show.
    #[prop_or_default]
    pub selection: Option<UseStateHandle<BTreeSet<FactureId>>>,
}

/// One page of results, owned (kept between renders that do not change the search).
#[derive(PartialEq)]
struct Page {
    items: Vec<Rc<Facture>>,
    total: usize,
    page: usize,
    pages: usize,
}

/// A typed amount, with the criterion's value it was typed against: while the text does not parse
/// (« 12, »), the URL keeps the previous criterion and the field keeps the text.
#[derive(Clone, Default, PartialEq)]
struct Saisie {
    texte: String,
    pour: String,
}

const STATUTS: [Statut; 11] = [
    Statut::Deposee,
    Statut::MiseADisposition,
    Statut::ARecycler,
    Statut::Suspendue,
    Statut::Completee,
    Statut::Rejetee,
    Statut::ServiceFait,
    Statut::Mandatee,
    Statut::MiseADispositionComptable,
    Statut::Comptabilisee,
    Statut::MiseEnPaiement,
];

#[component]
pub fn ListeFactures(props: &Props) -> Html {
    let app = use_app();
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .map(|l| l.query_str().trim_start_matches('?').to_string())
        .unwrap_or_default();
    // The criteria live in this component's state, so each keystroke searches at once; the URL
    // follows a moment later (writing it re-renders the whole routed page). A query this list did
    // not write itself (a link from the dashboard, « Précédent » in the browser) replaces them.
    let criteres = {
        let query = query.clone();
        use_state(move || Criteres::from_query(&query))
    };
    let ecrite = use_mut_ref(|| query.clone());
    let minuteur = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    {
        let (criteres, ecrite) = (criteres.clone(), ecrite.clone());
        use_effect_with(query.clone(), move |q| {
            if *ecrite.borrow() != *q {
                *ecrite.borrow_mut() = q.clone();
                let lus = Criteres::from_query(q);
                if *criteres != lus {
                    criteres.set(lus);
                }
            }
        });
    }
    let c = (*criteres).clone();
    let cle = c.to_query();
    let cote = props.cote;
    let min = use_state(Saisie::default);
    let max = use_state(Saisie::default);
    let erreur_export = use_state(|| None::<String>);

    let page = {
        let (sb, structure) = (app.sandbox(), props.structure.clone());
        let c = c.clone();
        use_memo(
            (cle.clone(), app.generation, props.structure.clone(), cote),
            move |_| {
                let r = recherche::rechercher(&sb, cote, &structure, &c);
                Page {
                    items: r.items.into_iter().cloned().collect(),
                    total: r.total,
                    page: r.page,
                    pages: r.pages,
                }
            },
        )
    };

    // The selection keeps only invoices the filters still show.
    {
        let filtres = Criteres {
            tri: Colonne::default(),
            descendant: true,
            page: 1,
            par_page: recherche::PAR_PAGE,
            ..c.clone()
        }
        .to_query();
        let (selection, sb, structure) = (
            props.selection.clone(),
            app.sandbox(),
            props.structure.clone(),
        );
        let c = c.clone();
        let deps = (filtres, app.generation, selection.is_some());
        use_effect_with(deps, move |_| {
            let Some(selection) = selection.filter(|s| !s.is_empty()) else {
                return;
            };
            let shown: BTreeSet<&FactureId> = recherche::tous(&sb, cote, &structure, &c)
                .into_iter()
                .map(|f| &f.id)
                .collect();
            let kept: BTreeSet<FactureId> = selection
                .iter()
                .filter(|id| shown.contains(id))
                .cloned()
                .collect();
            if kept.len() != selection.len() {
                selection.set(kept);
            }
        });
    }

    // Every change of criteria replaces the URL (no history entry per keystroke).
    let aller = {
        let (navigator, route, criteres, ecrite, minuteur) = (
            navigator.clone(),
            props.route.clone(),
            criteres.clone(),
            ecrite.clone(),
            minuteur.clone(),
        );
        Callback::from(move |n: Criteres| {
            let q = n.to_query();
            criteres.set(n);
            let (navigator, route, ecrite) = (navigator.clone(), route.clone(), ecrite.clone());
            // Replacing the pending timer: the URL is written once typing pauses.
            *minuteur.borrow_mut() = Some(gloo_timers::callback::Timeout::new(300, move || {
                if let Some(nav) = &navigator {
                    *ecrite.borrow_mut() = q.clone();
                    if q.is_empty() {
                        nav.replace(&route);
                    } else {
                        let _ = nav.replace_with_query(&route, Raw(q));
                    }
                }
            }));
        })
    };
    // A criterion changed: back to page 1.
    let maj = |f: fn(&mut Criteres, String)| -> Callback<String> {
        let (aller, c) = (aller.clone(), c.clone());
        Callback::from(move |v: String| {
            let mut n = c.clone();
            f(&mut n, v);
            n.page = 1;
            aller.emit(n);
        })
    };
    let maj_date = |f: fn(&mut Criteres, Option<NaiveDate>)| -> Callback<Option<NaiveDate>> {
        let (aller, c) = (aller.clone(), c.clone());
        Callback::from(move |v| {
            let mut n = c.clone();
            f(&mut n, v);
            n.page = 1;
            aller.emit(n);
        })
    };
    let montant = |etat: &UseStateHandle<Saisie>,
                   courant: Option<Montant>,
                   label: &'static str,
                   f: fn(&mut Criteres, Option<Montant>)|
     -> (String, Option<String>, Callback<String>) {
        let canon = courant.map(|m| m.input()).unwrap_or_default();
        let texte = if etat.pour == canon {
            etat.texte.clone()
        } else {
            canon.clone()
        };
        let erreur = (!texte.trim().is_empty())
            .then(|| parse_montant(&texte, label, true).err())
            .flatten();
        let (etat, aller, c) = (etat.clone(), aller.clone(), c.clone());
        let oninput = Callback::from(move |v: String| {
            let lu = if v.trim().is_empty() {
                Ok(None)
            } else {
                parse_montant(&v, label, true).map(Some)
            };
            match lu {
                Ok(m) => {
                    let pour = m.map(|m| m.input()).unwrap_or_default();
                    etat.set(Saisie { texte: v, pour });
                    let mut n = c.clone();
                    f(&mut n, m);
                    n.page = 1;
                    aller.emit(n);
                }
                Err(_) => etat.set(Saisie {
                    texte: v,
                    pour: canon.clone(),
                }),
            }
        });
        (texte, erreur, oninput)
    };
    let (min_texte, min_erreur, min_input) =
        montant(&min, c.montant_min, "Montant TTC minimum", |n, m| {
            n.montant_min = m
        });
    let (max_texte, max_erreur, max_input) =
        montant(&max, c.montant_max, "Montant TTC maximum", |n, m| {
            n.montant_max = m
        });

    let reinitialiser = {
        let (aller, min, max) = (aller.clone(), min.clone(), max.clone());
        Callback::from(move |_: MouseEvent| {
            min.set(Saisie::default());
            max.set(Saisie::default());
            aller.emit(Criteres::default());
        })
    };
    let exporter = {
        let (app, structure, c) = (app.clone(), props.structure.clone(), c.clone());
        let erreur_export = erreur_export.clone();
        Callback::from(move |_: MouseEvent| {
            let sb = app.sandbox();
            let all = recherche::tous(&sb, cote, &structure, &c);
            let texte = recherche::csv(&sb, cote, &all);
            let nom = format!("{}-{}.csv", cote.slug(), iso_day(paris_date(app.now())));
            erreur_export.set(dom::download(&nom, "text/csv;charset=utf-8", &texte).err());
        })
    };

    let statuts: Html = STATUTS
        .iter()
        .map(|s| {
            let s = *s;
            let coche = c.statuts.contains(&s);
            let (aller, c) = (aller.clone(), c.clone());
            let onchange = Callback::from(move |on: bool| {
                let mut n = c.clone();
                n.statuts.retain(|x| *x != s);
                if on {
                    n.statuts.push(s);
                }
                n.page = 1;
                aller.emit(n);
            });
            checkbox(
                &format!("recherche-statut-{}", s.code()),
                s.label(),
                coche,
                onchange,
                None,
            )
        })
        .collect();
    let cadres: Vec<(String, String)> = std::iter::once((String::new(), "Tous les cadres".into()))
        .chain(
            Cadre::ALL
                .iter()
                .map(|k| (cadre_court(*k).to_string(), k.label().to_string())),
        )
        .collect();
    let types: Vec<(String, String)> = std::iter::once((String::new(), "Tous les types".into()))
        .chain(
            TypeFacture::ALL
                .iter()
                .map(|t| (t.code().to_string(), t.label().to_string())),
        )
        .collect();
    let rejet = match c.rejet_traite {
        Some(false) => "masquer",
        Some(true) => "seulement",
        None => "tous",
    };
    let rejets = vec![
        ("masquer".to_string(), "Masquer".to_string()),
        ("seulement".to_string(), "Afficher seulement".to_string()),
        ("tous".to_string(), "Tous".to_string()),
    ];

    // Table.
    let sb = app.sandbox();
    let selection = props.selection.clone();
    let ids_page: Vec<FactureId> = page.items.iter().map(|f| f.id.clone()).collect();
    let tout_coche = selection
        .as_ref()
        .is_some_and(|s| !ids_page.is_empty() && ids_page.iter().all(|id| s.contains(id)));
    let tout_selectionner = selection.clone().map(|s| {
        let ids = ids_page.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|i| i.checked());
            let mut n = (*s).clone();
            for id in &ids {
                if on {
                    n.insert(id.clone());
                } else {
                    n.remove(id);
                }
            }
            s.set(n);
        })
    });
    let entete = |col: Colonne| {
        let actif = c.tri == col;
        let mut n = c.clone();
        if actif {
            n.descendant = !c.descendant;
        } else {
            n.tri = col;
            n.descendant = col.descendant_par_defaut();
        }
        n.page = 1;
        let onclick = aller.reform(move |_: MouseEvent| n.clone());
        let (tri, fleche, etat) = match (actif, c.descendant) {
            (false, _) => (None, "", ""),
            (true, true) => (Some("descending"), " ▼", ", tri décroissant"),
            (true, false) => (Some("ascending"), " ▲", ", tri croissant"),
        };
        html! {
            <th scope="col" aria-sort={tri}>
                <button type="button" class="lien tri" {onclick}>
                    {col.label(cote)}<span class="visually-hidden">{etat}</span><span aria-hidden="true">{fleche}</span>
                </button>
            </th>
        }
    };
    let rows: Html = page
        .items
        .iter()
        .map(|f| {
            let t = f.totaux();
            let numero = if f.numero.is_empty() {
                "(sans numéro)".to_string()
            } else {
                f.numero.clone()
            };
            let partenaire = cote
                .partenaire(f)
                .and_then(|id| sb.structures.get(id))
                .map(|s| s.display_name().to_string())
                .unwrap_or_else(|| "—".to_string());
            let case = selection.as_ref().map(|s| {
                let id = format!("selection-{}", f.id);
                let checked = s.contains(&f.id);
                let (s, fid) = (s.clone(), f.id.clone());
                let onchange = Callback::from(move |e: Event| {
                    let on = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        .is_some_and(|i| i.checked());
                    let mut n = (*s).clone();
                    if on {
                        n.insert(fid.clone());
                    } else {
                        n.remove(&fid);
                    }
                    s.set(n);
                });
                html! {
                    <td class="selection">
                        <input type="checkbox" id={id.clone()} {checked} {onchange} />
                        <label for={id} class="visually-hidden">{format!("Sélectionner la facture n° {numero}")}</label>
                    </td>
                }
            });
            html! {
                <tr key={f.id.to_string()}>
                    {case.unwrap_or_default()}
                    <td>{link(Route::Facture { id: f.id.to_string() }, numero.clone(), "")}</td>
                    <td>{f.date.map(day_fr).unwrap_or_else(|| "—".to_string())}</td>
                    <td>{f.depose_le().map(date_fr).unwrap_or_else(|| "—".to_string())}</td>
                    <td>{partenaire}</td>
                    <td>{if f.code_service.is_empty() { "—".to_string() } else { f.code_service.clone() }}</td>
                    <td class="montant">{t.total_ht.fr_eur()}</td>
                    <td class="montant">{t.total_ttc.fr_eur()}</td>
                    <td>{badge(f.statut)}</td>
                    <td>{date_fr(f.date_etat_courant())}</td>
                    if cote == Cote::Recues {
                        <td>{if f.telechargee() { "Oui" } else { "Non" }}</td>
                    }
                </tr>
            }
        })
        .collect();
    let aller_page = |p: usize| {
        let mut n = c.clone();
        n.page = p;
        aller.reform(move |_: MouseEvent| n.clone())
    };
    let nombre = match page.total {
        0 => "Aucune facture".to_string(),
        1 => "1 facture".to_string(),
        n => format!("{n} factures"),
    };
    let selectionnees = selection.as_ref().map(|s| match s.len() {
        0 => "Aucune facture sélectionnée".to_string(),
        1 => "1 facture sélectionnée".to_string(),
        n => format!("{n} factures sélectionnées"),
    });
    let vide = if !c.sans_filtre() {
        "Aucune facture ne correspond à ces critères. Retirez un critère, élargissez les périodes ou les montants, choisissez « Tous » pour les rejets traités, ou cliquez sur « Réinitialiser »."
    } else if cote == Cote::Emises {
        "Aucune facture envoyée à afficher. Commencez par « Saisir une facture » ou « Déposer une facture » ; les factures enregistrées sans être envoyées sont dans l'onglet « Brouillons »."
    } else {
        "Aucune facture reçue à afficher : les factures que des fournisseurs adressent à votre structure apparaîtront ici."
    };
    let caption = match cote {
        Cote::Emises => "Factures envoyées",
        Cote::Recues => "Factures reçues",
    };

    html! {
        <div class="liste-factures">
            <form class="formulaire" role="search" aria-label="Rechercher des factures"
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <fieldset>
                    <legend>{"Rechercher des factures"}</legend>
                    <div class="formulaire-recherche">
                        <TextField id="recherche-numero" label="Numéro de facture" value={c.numero.clone()}
                            oninput={maj(|n, v| n.numero = v)} />
                        <TextField id="recherche-partenaire" label={cote.partenaire_label()} value={c.partenaire.clone()}
                            hint="Identifiant (SIRET) ou raison sociale" oninput={maj(|n, v| n.partenaire = v)} />
                        <TextField id="recherche-service" label="Code service" value={c.service.clone()}
                            oninput={maj(|n, v| n.service = v)} />
                        {select_field("recherche-cadre", "Cadre de facturation", cadres,
                            c.cadre.map(cadre_court).unwrap_or(""),
                            maj(|n, v| n.cadre = Cadre::ALL.into_iter().find(|k| cadre_court(*k) == v)), None)}
                        {select_field("recherche-type", "Type de facture", types,
                            c.type_facture.map(|t| t.code()).unwrap_or(""),
                            maj(|n, v| n.type_facture = TypeFacture::from_code(&v)), None)}
                        <TextField id="recherche-min" label="Montant TTC minimum" value={min_texte}
                            error={min_erreur} oninput={min_input} />
                        <TextField id="recherche-max" label="Montant TTC maximum" value={max_texte}
                            error={max_erreur} oninput={max_input} />
                        <TextField id="recherche-ej" label="Numéro d'engagement juridique (EJ)" value={c.ej.clone()}
                            oninput={maj(|n, v| n.ej = v)} />
                        <TextField id="recherche-marche" label="Numéro de marché" value={c.marche.clone()}
                            oninput={maj(|n, v| n.marche = v)} />
                        {date_field("recherche-depot-du", "Déposée du", c.depot_du, maj_date(|n, d| n.depot_du = d))}
                        {date_field("recherche-depot-au", "Déposée au", c.depot_au, maj_date(|n, d| n.depot_au = d))}
                        {date_field("recherche-facture-du", "Date de facture du", c.facture_du, maj_date(|n, d| n.facture_du = d))}
                        {date_field("recherche-facture-au", "Date de facture au", c.facture_au, maj_date(|n, d| n.facture_au = d))}
                        {date_field("recherche-etat-du", "Statut du", c.etat_du, maj_date(|n, d| n.etat_du = d))}
                        {date_field("recherche-etat-au", "Statut au", c.etat_au, maj_date(|n, d| n.etat_au = d))}
                        {select_field("recherche-rejets", "Rejets traités", rejets, rejet,
                            maj(|n, v| n.rejet_traite = match v.as_str() {
                                "seulement" => Some(true),
                                "tous" => None,
                                _ => Some(false),
                            }), None)}
                    </div>
                    <fieldset class="recherche-statuts">
                        <legend>{"Statut"}</legend>
                        {statuts}
                    </fieldset>
                    <p class="actions">
                        <button type="button" class="bouton bouton-secondaire" onclick={reinitialiser}>{"Réinitialiser"}</button>
                        <button type="button" class="bouton bouton-secondaire" disabled={page.total == 0} onclick={exporter}>{"Exporter en CSV"}</button>
                    </p>
                </fieldset>
            </form>
            <div class="zone-erreur">
                if let Some(e) = &*erreur_export { <p class="alerte alerte-erreur" role="alert">{e.clone()}</p> }
            </div>
            <p role="status" class="nombre-resultats">
                {nombre}
                if let Some(s) = selectionnees { {" — "}{s} }
            </p>
            if page.total == 0 {
                <p class="vide">{vide}</p>
            } else {
                <table class="tableau">
                    <caption>{caption}</caption>
                    <thead><tr>
                        if let Some(onchange) = tout_selectionner {
                            <th scope="col" class="selection">
                                <input type="checkbox" id="tout-selectionner" checked={tout_coche} {onchange} />
                                <label for="tout-selectionner" class="visually-hidden">{"Tout sélectionner"}</label>
                            </th>
                        }
                        {entete(Colonne::Numero)}
                        {entete(Colonne::DateFacture)}
                        {entete(Colonne::DateDepot)}
                        {entete(Colonne::Partenaire)}
                        {entete(Colonne::Service)}
                        {entete(Colonne::MontantHt)}
                        {entete(Colonne::MontantTtc)}
                        {entete(Colonne::Statut)}
                        {entete(Colonne::DateEtat)}
                        if cote == Cote::Recues { <th scope="col">{"Téléchargée"}</th> }
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <nav class="pagination actions" aria-label="Pagination des factures">
                    <button type="button" class="bouton bouton-secondaire" disabled={page.page <= 1}
                        onclick={aller_page(page.page.saturating_sub(1))}>{"Précédent"}</button>
                    <span>{format!("Page {} sur {}", page.page, page.pages)}</span>
                    <button type="button" class="bouton bouton-secondaire" disabled={page.page >= page.pages}
                        onclick={aller_page(page.page + 1)}>{"Suivant"}</button>
                </nav>
            }
        </div>
    }
}

/// A labelled date input. A date the browser reports as incomplete (`validity.badInput`) changes
/// nothing, so the field is not wiped while the user types it.
fn date_field(
    id: &str,
    label: &str,
    value: Option<NaiveDate>,
    onchange: Callback<Option<NaiveDate>>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let incomplete = js_sys::Reflect::get(&input, &"validity".into())
            .and_then(|v| js_sys::Reflect::get(&v, &"badInput".into()))
            .is_ok_and(|b| b.as_bool() == Some(true));
        if incomplete {
            return;
        }
        if let Ok(d) = domain::kernel::time::parse_day(&input.value(), "") {
            onchange.emit(d);
        }
    });
    html! {
        <div class="champ">
            <label for={id.to_string()}>{label.to_string()}</label>
            <input type="date" id={id.to_string()} name={id.to_string()}
                value={value.map(iso_day).unwrap_or_default()} {oninput} />
        </div>
    }
}
