//! The search form of an invoice list (« Rechercher des factures »): every criterion filters on
//! input; « Réinitialiser »; « Exporter en CSV » of every invoice found.

use super::criteres::CriteresHandle;
use crate::ui::components::form::{checkbox, select_field, TextField};
use crate::ui::context::{use_app, AppContext};
use crate::ui::dom;
use chrono::NaiveDate;
use domain::facturation::facture::{Cadre, TypeFacture};
use domain::facturation::recherche::{self, Cote, Criteres, STATUTS_FILTRABLES};
use domain::kernel::ids::StructureId;
use domain::kernel::money::{parse_montant, Montant};
use domain::kernel::time::{iso_day, paris_date};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A typed amount, with the criterion's value it was typed against: while the text does not parse
/// (« 12, »), the URL keeps the previous criterion and the field keeps the text.
#[derive(Clone, Default, PartialEq)]
struct Saisie {
    texte: String,
    pour: String,
}

/// An amount bound: the text shown, its error, and its input callback.
fn montant(
    h: &CriteresHandle,
    etat: &UseStateHandle<Saisie>,
    courant: Option<Montant>,
    label: &'static str,
    f: fn(&mut Criteres, Option<Montant>),
) -> (String, Option<String>, Callback<String>) {
    let canon = courant.map(|m| m.input()).unwrap_or_default();
    let texte = if etat.pour == canon {
        etat.texte.clone()
    } else {
        canon.clone()
    };
    let erreur = (!texte.trim().is_empty())
        .then(|| parse_montant(&texte, label, true).err())
        .flatten();
    let (etat, maj) = (etat.clone(), h.maj(f));
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
                maj.emit(m);
            }
            Err(_) => etat.set(Saisie {
                texte: v,
                pour: canon.clone(),
            }),
        }
    });
    (texte, erreur, oninput)
}

/// One checkbox per status a list may filter on.
fn statuts(h: &CriteresHandle) -> Html {
    STATUTS_FILTRABLES
        .iter()
        .map(|s| {
            let s = *s;
            let coche = h.criteres.statuts.contains(&s);
            let (aller, c) = (h.aller.clone(), h.criteres.clone());
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
        .collect()
}

fn options<T: Copy>(
    tous: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), tous.to_string()))
        .chain(
            all.iter()
                .map(|t| (code(*t).to_string(), label(*t).to_string())),
        )
        .collect()
}

/// The three date periods and the « rejets traités » filter.
fn periodes(h: &CriteresHandle) -> Html {
    let c = &h.criteres;
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
    html! {
        <>
            {date_field("recherche-depot-du", "Déposée du", c.depot_du, h.maj(|n, d| n.depot_du = d))}
            {date_field("recherche-depot-au", "Déposée au", c.depot_au, h.maj(|n, d| n.depot_au = d))}
            {date_field("recherche-facture-du", "Date de facture du", c.facture_du, h.maj(|n, d| n.facture_du = d))}
            {date_field("recherche-facture-au", "Date de facture au", c.facture_au, h.maj(|n, d| n.facture_au = d))}
            {date_field("recherche-etat-du", "Statut du", c.etat_du, h.maj(|n, d| n.etat_du = d))}
            {date_field("recherche-etat-au", "Statut au", c.etat_au, h.maj(|n, d| n.etat_au = d))}
            {select_field("recherche-rejets", "Rejets traités", rejets, rejet,
                h.maj(|n, v: String| n.rejet_traite = match v.as_str() {
                    "seulement" => Some(true),
                    "tous" => None,
                    _ => Some(false),
                }), None)}
        </>
    }
}

/// The form's own state: the amounts as typed, the export's error.
pub struct Etat {
    app: AppContext,
    min: UseStateHandle<Saisie>,
    max: UseStateHandle<Saisie>,
    erreur_export: UseStateHandle<Option<String>>,
    /// « Recherche avancée » opened (by the user, or by an advanced criterion).
    deplie: UseStateHandle<bool>,
}

#[hook]
pub fn use_etat() -> Etat {
    Etat {
        app: use_app(),
        min: use_state(Saisie::default),
        max: use_state(Saisie::default),
        erreur_export: use_state(|| None::<String>),
        deplie: use_state(|| false),
    }
}

/// The form (a view over the list's state: one component type fewer in the bundle). `total`:
/// the invoices found (nothing to export without any).
pub fn recherche(
    e: &Etat,
    h: &CriteresHandle,
    cote: Cote,
    structure: &StructureId,
    total: usize,
) -> Html {
    let Etat {
        app,
        min,
        max,
        erreur_export,
        deplie,
    } = e;
    // Opens by itself when an advanced criterion is set (typed, or from the URL); the user may
    // open or close it otherwise.
    let ouvert = **deplie || h.criteres.criteres_avances();
    let ontoggle = {
        let deplie = deplie.clone();
        Callback::from(move |ev: Event| {
            // `HtmlDetailsElement` would need one more web-sys feature for this one property.
            if let Some(t) = ev.target() {
                let open = js_sys::Reflect::get(&t, &"open".into()).is_ok_and(|v| v.is_truthy());
                deplie.set(open);
            }
        })
    };
    let c = &h.criteres;
    let (min_texte, min_erreur, min_input) =
        montant(h, min, c.montant_min, "Montant TTC minimum", |n, m| {
            n.montant_min = m
        });
    let (max_texte, max_erreur, max_input) =
        montant(h, max, c.montant_max, "Montant TTC maximum", |n, m| {
            n.montant_max = m
        });
    let reinitialiser = {
        let (aller, min, max) = (h.aller.clone(), min.clone(), max.clone());
        Callback::from(move |_: MouseEvent| {
            min.set(Saisie::default());
            max.set(Saisie::default());
            aller.emit(Criteres::default());
        })
    };
    let exporter = {
        let (app, structure, c) = (app.clone(), structure.clone(), c.clone());
        let erreur_export = erreur_export.clone();
        Callback::from(move |_: MouseEvent| {
            let sb = app.sandbox();
            let all = recherche::tous(&sb, cote, &structure, &c);
            let nom = format!("{}-{}.csv", cote.slug(), iso_day(paris_date(app.now())));
            let r = recherche::csv(&sb, cote, &all)
                .map_err(|e| e.to_string())
                .and_then(|texte| dom::download(&nom, "text/csv;charset=utf-8", &texte));
            erreur_export.set(r.err());
        })
    };
    let cadres = options("Tous les cadres", &Cadre::ALL, Cadre::court, Cadre::label);
    let types = options(
        "Tous les types",
        &TypeFacture::ALL,
        TypeFacture::code,
        TypeFacture::label,
    );
    html! {
        <>
            <form class="formulaire" role="search" aria-label="Rechercher des factures"
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <fieldset>
                    <legend>{"Rechercher des factures"}</legend>
                    <div class="recherche-simple">
                        <TextField id="recherche-numero" label="Numéro de facture" value={c.numero.clone()}
                            oninput={h.maj(|n, v| n.numero = v)} />
                        <TextField id="recherche-partenaire" label={format!("{} (SIRET ou raison sociale)", cote.partenaire_label())} value={c.partenaire.clone()}
                            oninput={h.maj(|n, v| n.partenaire = v)} />
                    <p class="actions recherche-actions">
                        <button type="button" class="bouton bouton-secondaire" onclick={reinitialiser}>{"Réinitialiser"}</button>
                        <button type="button" class="bouton bouton-secondaire" disabled={total == 0} onclick={exporter}>{"Exporter en CSV"}</button>
                    </p>
                    </div>
                    <details class="recherche-avancee" open={ouvert} {ontoggle}>
                    <summary>{"Recherche avancée"}{if c.criteres_avances() { " (critères actifs)" } else { "" }}</summary>
                    <div class="formulaire-recherche">
                        <TextField id="recherche-service" label="Code service" value={c.service.clone()}
                            oninput={h.maj(|n, v| n.service = v)} />
                        {select_field("recherche-cadre", "Cadre de facturation", cadres,
                            c.cadre.map(Cadre::court).unwrap_or(""),
                            h.maj(|n, v: String| n.cadre = Cadre::ALL.into_iter().find(|k| k.court() == v)), None)}
                        {select_field("recherche-type", "Type de facture", types,
                            c.type_facture.map(|t| t.code()).unwrap_or(""),
                            h.maj(|n, v: String| n.type_facture = TypeFacture::from_code(&v)), None)}
                        <TextField id="recherche-min" label="Montant TTC minimum" value={min_texte}
                            error={min_erreur} oninput={min_input} />
                        <TextField id="recherche-max" label="Montant TTC maximum" value={max_texte}
                            error={max_erreur} oninput={max_input} />
                        <TextField id="recherche-ej" label="Numéro d'engagement juridique (EJ)" value={c.ej.clone()}
                            oninput={h.maj(|n, v| n.ej = v)} />
                        <TextField id="recherche-marche" label="Numéro de marché" value={c.marche.clone()}
                            oninput={h.maj(|n, v| n.marche = v)} />
                        {periodes(h)}
                    </div>
                    <fieldset class="recherche-statuts">
                        <legend>{"Statut"}</legend>
                        {statuts(h)}
                    </fieldset>
                    </details>
                </fieldset>
            </form>
            <div class="zone-erreur">
                if let Some(e) = &**erreur_export { <p class="alerte alerte-erreur" role="alert">{e.clone()}</p> }
            </div>
        </>
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
