//! The blocks of the invoice form, in the portal's order (facts §3.4): destinataire, fournisseur,
//! cadre de facturation, références, lignes (or the amounts of a PDF deposit), récapitulatif de
//! TVA and totals, commentaire. Plain functions over the page's form state (cheaper in the
//! bundle than one component type each); the page owns the state and the submit.

use crate::ui::components::form::{select_field, Feedback, TextField};
use chrono::NaiveDate;
use domain::facturation::facture::{
    Cadre, ModeDepot, ModeReglement, TypeFacture, TypeTva, DEVISES,
};
use domain::facturation::saisie::{self, champ_ligne, FactureForm, LigneForm, TAUX_MANUEL};
use domain::kernel::money::{Taux, Totaux};
use domain::organisation::annuaire::{self, SearchCriteria};
use domain::organisation::structure::Structure;
use domain::Sandbox;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The form's state: edits are dispatched as changes applied to the current value, so a callback
/// made once (a line's) never writes over a newer state.
#[derive(Clone, PartialEq)]
pub struct FormState(pub FactureForm);

pub struct Change(pub Box<dyn FnOnce(&mut FactureForm)>);

impl Reducible for FormState {
    type Action = Change;
    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut form = self.0.clone();
        (change.0)(&mut form);
        Rc::new(FormState(form))
    }
}

/// Sends changes to the form (stable across renders: a line's props stay equal).
pub type Edit = UseReducerDispatcher<FormState>;

pub fn change(edit: &Edit, f: impl FnOnce(&mut FactureForm) + 'static) {
    edit.dispatch(Change(Box::new(f)));
}

/// What every block reads.
pub struct Bloc<'a> {
    pub form: &'a FactureForm,
    pub edit: &'a Edit,
    pub fb: &'a Feedback,
    pub sb: &'a Rc<Sandbox>,
    pub structure: &'a Structure,
    pub today: NaiveDate,
}

/// Field ids → labels, in form order (for the error summary).
pub const FIELDS: [(&str, &str); 26] = [
    ("pdf", "Facture PDF"),
    ("destinataire", "Identifiant du destinataire"),
    ("code_service", "Code service"),
    ("service_fournisseur", "Service fournisseur"),
    ("coordonnees_bancaires", "Coordonnées bancaires"),
    ("cadre", "Cadre de facturation"),
    ("valideur", "Identifiant du valideur"),
    ("service_valideur", "Code service du valideur"),
    ("numero", "Numéro de facture"),
    ("date_facture", "Date de facture"),
    ("type_facture", "Type de facture"),
    ("devise", "Devise"),
    ("type_tva", "Type de TVA"),
    ("motif_exoneration", "Motif d'exonération"),
    ("mode_reglement", "Mode de règlement"),
    ("ej", "Numéro d'engagement juridique"),
    ("marche", "Numéro de marché"),
    ("facture_origine", "Numéro de la facture d'origine"),
    ("lignes", "Lignes de la facture"),
    ("montant_ht", "Montant HT"),
    ("montant_tva", "Montant de TVA"),
    ("montant_ttc", "Montant TTC"),
    ("remise_globale", "Remise globale TTC"),
    ("motif_remise", "Motif de la remise globale"),
    ("montant_a_payer", "Montant à payer"),
    ("pieces", "Pièces jointes"),
];

fn set(edit: &Edit, f: impl Fn(&mut FactureForm, String) + 'static) -> Callback<String> {
    let (edit, f) = (edit.clone(), Rc::new(f));
    Callback::from(move |v: String| {
        let f = f.clone();
        change(&edit, move |form| f(form, v));
    })
}

fn text(
    b: &Bloc,
    id: &'static str,
    label: &'static str,
    value: &str,
    required: bool,
    hint: Option<&'static str>,
    f: impl Fn(&mut FactureForm, String) + 'static,
) -> Html {
    html! {
        <TextField id={id} label={label} value={value.to_string()} required={required}
            hint={hint.map(AttrValue::Static)} oninput={set(b.edit, f)} error={b.fb.field(id)} />
    }
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|t| (code(*t).to_string(), label(*t).to_string()))
        .collect()
}

pub fn destinataire(b: &Bloc, recherche: &UseStateHandle<Option<String>>) -> Html {
    let form = b.form;
    let found = (!form.destinataire.trim().is_empty())
        .then(|| saisie::destinataire_par_identifiant(b.sb, &form.destinataire).ok())
        .flatten();
    let services = match found {
        Some(s) => {
            let mut opts = vec![(String::new(), "— Aucun service —".to_string())];
            opts.extend(
                saisie::services_actifs(b.sb, &s.id, b.today)
                    .into_iter()
                    .map(|sv| (sv.code.clone(), format!("{} — {}", sv.code, sv.libelle))),
            );
            select_field(
                "code_service",
                "Code service",
                opts,
                &form.code_service,
                set(b.edit, |f, v| f.code_service = v),
                b.fb.field("code_service"),
            )
        }
        None => html! {},
    };
    let open_search = {
        let recherche = recherche.clone();
        Callback::from(move |_| {
            recherche.set(if recherche.is_some() {
                None
            } else {
                Some(String::new())
            })
        })
    };
    html! {
        <fieldset class="bloc">
            <legend>{"Destinataire"}</legend>
            {text(b, "destinataire", "Identifiant du destinataire (SIRET)", &form.destinataire, true,
                Some("L'identifiant de l'entité publique, ou recherchez-la dans l'annuaire."), |f, v| f.destinataire = v)}
            <p><button type="button" class="bouton bouton-secondaire" onclick={open_search}
                aria-expanded={recherche.is_some().to_string()} aria-controls="recherche-destinataire">
                {"Rechercher dans l'annuaire"}</button></p>
            <div id="recherche-destinataire">
                if let Some(q) = &**recherche { {recherche_annuaire(b, recherche, q)} }
            </div>
            <div class="destinataire-choisi">
                if let Some(s) = found {
                    <p class="encadre"><strong>{s.raison_sociale.clone()}</strong>{format!(" — {} {}", s.adresse.code_postal, s.adresse.ville)}<br />
                        {"Paramètres : "}{s.parametres.profile().label()}</p>
                    {services}
                }
            </div>
        </fieldset>
    }
}

/// The annuaire inside the form: pick a recipient without leaving the invoice.
fn recherche_annuaire(b: &Bloc, recherche: &UseStateHandle<Option<String>>, q: &str) -> Html {
    let oninput = {
        let recherche = recherche.clone();
        Callback::from(move |v: String| recherche.set(Some(v)))
    };
    let criteria = SearchCriteria {
        text: q.to_string(),
        per_page: 8,
        ..SearchCriteria::default()
    };
    let page = annuaire::search(
        b.sb.structures
            .values()
            .map(|s| s.as_ref())
            .filter(|s| s.is_public() && s.is_active()),
        &criteria,
    );
    let rows: Html = page
        .items
        .iter()
        .map(|s| {
            let choose = {
                let (edit, recherche, id) = (b.edit.clone(), recherche.clone(), s.identifier.clone());
                Callback::from(move |_| {
                    let id = id.clone();
                    change(&edit, move |f| {
                        f.destinataire = id;
                        f.code_service.clear();
                    });
                    recherche.set(None);
                    crate::ui::dom::focus("destinataire");
                })
            };
            html! {
                <li key={s.id.to_string()}>
                    {format!("{} — {} — {} {} ", s.raison_sociale, s.identifier, s.adresse.code_postal, s.adresse.ville)}
                    <button type="button" class="lien" onclick={choose}
                        aria-label={format!("Choisir {}", s.raison_sociale)}>{"Choisir"}</button>
                </li>
            }
        })
        .collect();
    html! {
        <div class="encadre">
            <TextField id="recherche-annuaire" label="Rechercher une structure publique (nom ou SIRET)" value={q.to_string()} {oninput} />
            <p role="status">{format!("{} structure(s) trouvée(s)", page.total)}</p>
            <ul class="liste-choix">{rows}</ul>
        </div>
    }
}

pub fn fournisseur(b: &Bloc) -> Html {
    let form = b.form;
    let mut services = vec![(String::new(), "— Aucun service —".to_string())];
    services.extend(
        saisie::services_actifs(b.sb, &b.structure.id, b.today)
            .into_iter()
            .map(|sv| (sv.code.clone(), format!("{} — {}", sv.code, sv.libelle))),
    );
    let mut comptes = vec![(String::new(), "— Aucun —".to_string())];
    comptes.extend(
        b.structure
            .bank_accounts
            .iter()
            .filter(|c| c.actif)
            .map(|c| {
                (
                    c.id.to_string(),
                    format!(
                        "{} — {}{}",
                        c.libelle,
                        domain::organisation::coordonnees_bancaires::format_iban(&c.iban),
                        if c.affactureur { " (affactureur)" } else { "" }
                    ),
                )
            }),
    );
    let affacturage = b
        .structure
        .bank_accounts
        .iter()
        .find(|c| c.id.as_str() == form.coordonnees_bancaires && c.affactureur);
    html! {
        <fieldset class="bloc">
            <legend>{"Fournisseur"}</legend>
            <p class="encadre"><strong>{b.structure.raison_sociale.clone()}</strong>
                {format!(" — {} {}", b.structure.identifier_type.label(), b.structure.identifier)}</p>
            {select_field("service_fournisseur", "Service fournisseur (facultatif)", services, &form.service_fournisseur,
                set(b.edit, |f, v| f.service_fournisseur = v), b.fb.field("service_fournisseur"))}
            {select_field("coordonnees_bancaires", "Coordonnées bancaires", comptes, &form.coordonnees_bancaires,
                set(b.edit, |f, v| f.coordonnees_bancaires = v), b.fb.field("coordonnees_bancaires"))}
            <div class="affacturage">
                if let Some(c) = affacturage {
                    <p class="encadre">{format!("Cadre affacturage : le compte « {} » est celui d'un affactureur. Le paiement lui sera versé ; portez la mention subrogative dans le commentaire.", c.libelle)}</p>
                }
            </div>
        </fieldset>
    }
}

pub fn cadre(b: &Bloc) -> Html {
    let form = b.form;
    let cadres: Vec<(String, String)> = Cadre::ALL
        .iter()
        .map(|c| (c.code().to_string(), c.label().to_string()))
        .collect();
    html! {
        <fieldset class="bloc">
            <legend>{"Cadre de facturation"}</legend>
            {select_field("cadre", "Cadre de facturation", cadres, form.cadre.code(),
                set(b.edit, |f, v| f.cadre = Cadre::from_code(&v).unwrap_or_default()), b.fb.field("cadre"))}
            <div class="valideur">
                if form.cadre.needs_valideur() {
                    {text(b, "valideur", "Identifiant du valideur (titulaire ou mandataire)", &form.valideur, true,
                        Some("La structure qui valide votre facture avant qu'elle parte au destinataire."), |f, v| f.valideur = v)}
                    {text(b, "service_valideur", "Code service du valideur", &form.service_valideur, false, None, |f, v| f.service_valideur = v)}
                }
                if form.cadre == Cadre::A2 {
                    <p class="mention">{"Facture déjà payée : le montant à payer sera 0,00 €."}</p>
                }
            </div>
        </fieldset>
    }
}

pub fn references(b: &Bloc) -> Html {
    let form = b.form;
    let types = options(&TypeFacture::ALL, TypeFacture::code, TypeFacture::label);
    let tvas = options(&TypeTva::ALL, TypeTva::code, TypeTva::label);
    let mut modes = vec![(String::new(), "— Choisir —".to_string())];
    modes.extend(options(
        &ModeReglement::ALL,
        ModeReglement::code,
        ModeReglement::label,
    ));
    let devises: Vec<(String, String)> = DEVISES
        .iter()
        .map(|(c, l)| (c.to_string(), format!("{c} — {l}")))
        .collect();
    let avoir = form.type_facture == TypeFacture::Avoir;
    // The asterisk follows what the domain says the recipient (or its service) requires.
    let ej_requis = saisie::destinataire_par_identifiant(b.sb, &form.destinataire)
        .map(|d| saisie::exigences(b.sb, d, form.code_service.trim(), b.today).ej)
        .unwrap_or(false);
    html! {
        <fieldset class="bloc">
            <legend>{"Références de la facture"}</legend>
            {text(b, "numero", "Numéro de facture", &form.numero, true,
                Some("Le numéro qui figure sur votre facture ; unique pour votre structure dans l'année."), |f, v| f.numero = v)}
            <TextField id="date_facture" label="Date de facture" input_type="date" required=true value={form.date.clone()}
                oninput={set(b.edit, |f, v| f.date = v)} error={b.fb.field("date_facture")} />
            {select_field("type_facture", "Type de facture", types, form.type_facture.code(),
                set(b.edit, |f, v| f.type_facture = TypeFacture::from_code(&v).unwrap_or_default()), b.fb.field("type_facture"))}
            <div class="facture-origine">
                if avoir {
                    {text(b, "facture_origine", "Numéro de la facture d'origine", &form.facture_origine, true,
                        Some("La facture que cet avoir corrige."), |f, v| f.facture_origine = v)}
                }
            </div>
            {select_field("devise", "Devise", devises, &form.devise, set(b.edit, |f, v| f.devise = v), b.fb.field("devise"))}
            {select_field("type_tva", "Type de TVA", tvas, form.type_tva.code(),
                set(b.edit, |f, v| f.type_tva = TypeTva::from_code(&v).unwrap_or_default()), b.fb.field("type_tva"))}
            <div class="motif-exoneration">
                if form.type_tva == TypeTva::Exoneration {
                    {text(b, "motif_exoneration", "Motif d'exonération", &form.motif_exoneration, true,
                        Some("Par exemple : « TVA non applicable, art. 293 B du CGI »."), |f, v| f.motif_exoneration = v)}
                }
            </div>
            <div class="mode-reglement">
                if !avoir {
                    {select_field("mode_reglement", "Mode de règlement", modes, &form.mode_reglement,
                        set(b.edit, |f, v| f.mode_reglement = v), b.fb.field("mode_reglement"))}
                }
            </div>
            {text(b, "ej", "Numéro d'engagement juridique (bon de commande)", &form.ej, ej_requis,
                Some("50 caractères au plus ; obligatoire si le destinataire ou son service l'exige."), |f, v| f.ej = v)}
            {text(b, "marche", "Numéro de marché", &form.marche, false, None, |f, v| f.marche = v)}
        </fieldset>
    }
}

fn taux_options() -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "— Choisir —".to_string())];
    out.extend(Taux::STANDARD.iter().map(|t| (t.0.to_string(), t.fr())));
    out.push((TAUX_MANUEL.to_string(), "Taux manuel".to_string()));
    out
}

#[derive(Properties, PartialEq)]
pub struct LigneProps {
    pub index: usize,
    pub ligne: LigneForm,
    /// This line's field errors (field id, message).
    pub errors: Vec<(String, String)>,
    /// The only line: it cannot be removed.
    pub seule: bool,
    pub edit: Edit,
}

/// One line of the invoice. A component with equal props skips rendering: typing in one line of a
/// 50-line invoice renders that line only (and the totals).
#[component]
pub fn LigneSaisie(p: &LigneProps) -> Html {
    let (i, n, l) = (p.index, p.index + 1, &p.ligne);
    let id = |name: &str| champ_ligne(n, name);
    let error = |fid: &str| {
        p.errors
            .iter()
            .find(|(f, _)| f == fid)
            .map(|(_, m)| m.clone())
    };
    let set = |f: fn(&mut LigneForm, String)| {
        let edit = p.edit.clone();
        Callback::from(move |v: String| {
            change(&edit, move |form| {
                if let Some(l) = form.lignes.get_mut(i) {
                    f(l, v);
                }
            })
        })
    };
    let field = |name: &str,
                 label: &'static str,
                 value: &str,
                 required: bool,
                 f: fn(&mut LigneForm, String)| {
        let fid = id(name);
        html! {
            <TextField id={fid.clone()} label={label} value={value.to_string()} required={required}
                oninput={set(f)} error={error(&fid)} />
        }
    };
    let montant = l.montant_ht().map(|m| m.fr_eur());
    let remove = {
        let edit = p.edit.clone();
        Callback::from(move |_| {
            change(&edit, move |form| {
                if i < form.lignes.len() {
                    form.lignes.remove(i);
                }
            })
        })
    };
    html! {
        <fieldset class="ligne-facture">
            <legend>{format!("Ligne {n}")}</legend>
            <div class="grille-ligne">
                {field("reference", "Référence", &l.reference, false, |l, v| l.reference = v)}
                {field("designation", "Désignation", &l.designation, true, |l, v| l.designation = v)}
                {field("quantite", "Quantité", &l.quantite, true, |l, v| l.quantite = v)}
                {field("unite", "Unité", &l.unite, false, |l, v| l.unite = v)}
                {field("prix", "Prix unitaire HT", &l.prix, true, |l, v| l.prix = v)}
                {field("remise", "Remise HT", &l.remise, false, |l, v| l.remise = v)}
                {select_field(&id("taux"), "Taux de TVA", taux_options(), &l.taux, set(|l, v| l.taux = v), error(&id("taux")))}
                <div class="taux-manuel">
                    if l.taux == TAUX_MANUEL {
                        {field("taux_manuel", "Taux manuel (%)", &l.taux_manuel, true, |l, v| l.taux_manuel = v)}
                    }
                </div>
                <p class="montant-ligne"><span class="etiquette">{"Montant HT"}</span>
                    <output for={id("quantite")}>{montant.unwrap_or_else(|| "—".to_string())}</output></p>
            </div>
            if !p.seule {
                <button type="button" class="lien" onclick={remove} aria-label={format!("Supprimer la ligne {n}")}>{"Supprimer la ligne"}</button>
            }
        </fieldset>
    }
}

pub fn lignes(b: &Bloc) -> Html {
    let form = b.form;
    let add = {
        let (edit, n) = (b.edit.clone(), form.lignes.len() + 1);
        Callback::from(move |_| {
            change(&edit, |f| f.lignes.push(LigneForm::default()));
            crate::ui::dom::focus_later(&champ_ligne(n, "designation"));
        })
    };
    let seule = form.lignes.len() == 1;
    let errors =
        b.fb.error
            .as_ref()
            .and_then(|e| e.domain())
            .map(|e| e.field_errors())
            .unwrap_or(&[]);
    html! {
        <fieldset class="bloc" id="lignes" tabindex="-1">
            <legend>{"Lignes de la facture"}</legend>
            if let Some(e) = b.fb.field("lignes") { <p class="erreur-champ">{e}</p> }
            <p class="aide-champ">{"Montants en euros à la française : « 1 234,56 » (virgule ou point). Quantités et prix : 4 décimales au plus."}</p>
            { for form.lignes.iter().enumerate().map(|(i, l)| {
                let prefix = format!("ligne-{}-", i + 1);
                let errors: Vec<(String, String)> = errors
                    .iter()
                    .filter(|e| e.field.dom_id().starts_with(&prefix))
                    .map(|e| (e.field.dom_id().into_owned(), e.message.clone()))
                    .collect();
                html! { <LigneSaisie key={i} index={i} ligne={l.clone()} {errors} {seule} edit={b.edit.clone()} /> }
            }) }
            <button type="button" class="bouton bouton-secondaire" onclick={add}>{"Ajouter une ligne"}</button>
        </fieldset>
    }
}

/// A PDF deposit: the totals printed on the PDF (they route and check the invoice).
pub fn montants_deposes(b: &Bloc) -> Html {
    let form = b.form;
    html! {
        <fieldset class="bloc">
            <legend>{"Montants de la facture"}</legend>
            {text(b, "montant_ht", "Montant HT", &form.montant_ht, true, None, |f, v| f.montant_ht = v)}
            {text(b, "montant_tva", "Montant de TVA", &form.montant_tva, true, None, |f, v| f.montant_tva = v)}
            {text(b, "montant_ttc", "Montant TTC", &form.montant_ttc, true, Some("Doit être égal au montant HT plus la TVA."), |f, v| f.montant_ttc = v)}
        </fieldset>
    }
}

/// The VAT recap and totals (recomputed on every keystroke), remise globale and montant à payer.
pub fn recapitulatif(b: &Bloc, totaux: &Totaux) -> Html {
    let form = b.form;
    let rows: Html = totaux
        .recap
        .iter()
        .map(|r| {
            html! {
                <tr key={r.taux.0}>
                    <td>{r.taux.fr()}</td>
                    <td class="montant">{r.base_ht.fr_eur()}</td>
                    <td class="montant">{r.montant_tva.fr_eur()}</td>
                </tr>
            }
        })
        .collect();
    let a_payer = form.a_payer_apercu(totaux);
    html! {
        <fieldset class="bloc">
            <legend>{"Récapitulatif de TVA et montants totaux"}</legend>
            <div class="recap-tva">
                if form.mode_depot == ModeDepot::SaisiePortail {
                    <table class="tableau">
                        <caption>{"Récapitulatif de TVA"}</caption>
                        <thead><tr><th scope="col">{"Taux"}</th><th scope="col">{"Base HT"}</th><th scope="col">{"Montant de TVA"}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            </div>
            <dl class="totaux" aria-live="polite">
                <dt>{"Total HT"}</dt><dd id="total-ht">{totaux.total_ht.fr_eur()}</dd>
                <dt>{"Total TVA"}</dt><dd id="total-tva">{totaux.total_tva.fr_eur()}</dd>
                <dt>{"Total TTC"}</dt><dd id="total-ttc">{totaux.total_ttc.fr_eur()}</dd>
                <dt>{"Montant à payer"}</dt><dd id="total-a-payer">{a_payer.fr_eur()}</dd>
            </dl>
            {text(b, "remise_globale", "Remise globale TTC", &form.remise_globale, false, None, |f, v| f.remise_globale = v)}
            <div class="motif-remise">
                if !form.remise_globale.trim().is_empty() {
                    {text(b, "motif_remise", "Motif de la remise globale", &form.motif_remise, true, None, |f, v| f.motif_remise = v)}
                }
            </div>
            if form.cadre != Cadre::A2 {
                {text(b, "montant_a_payer", "Montant à payer", &form.montant_a_payer, false,
                    Some("Laissez vide pour le total TTC après remise (à réduire par exemple d'un acompte déjà versé)."), |f, v| f.montant_a_payer = v)}
            }
        </fieldset>
    }
}

pub fn commentaire(b: &Bloc) -> Html {
    let oninput = {
        let edit = b.edit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                let v = t.value();
                change(&edit, move |f| f.commentaire = v);
            }
        })
    };
    let error = b.fb.field("commentaire");
    html! {
        <fieldset class="bloc">
            <legend>{"Commentaire"}</legend>
            <div class={classes!("champ", error.is_some().then_some("champ-en-erreur"))}>
                <label for="commentaire">{"Commentaire (facultatif)"}</label>
                if let Some(e) = &error { <p class="erreur-champ" id="commentaire-erreur">{e.clone()}</p> }
                <textarea id="commentaire" rows="3" value={b.form.commentaire.clone()} {oninput}
                    aria-invalid={error.is_some().then_some("true")} />
            </div>
        </fieldset>
    }
}
