//! The blocks of the invoice form, in the portal's order (facts §3.4): destinataire, fournisseur,
//! cadre de facturation, références, lignes (or the amounts of a PDF deposit), récapitulatif de
//! TVA and totals, commentaire. Plain functions over the page's form state (cheaper in the
//! bundle than one component type each); the page owns the state and the submit.

use crate::ui::components::form::{select_field, Feedback, TextField};
use chrono::NaiveDate;
use domain::facturation::facture::{
    Cadre, ModeDepot, ModeReglement, TypeFacture, TypeTva, DEVISES,
};
use domain::facturation::routage::{self, recoit_des_factures};
use domain::facturation::saisie::champs::{self, ligne as champs_ligne};
use domain::facturation::saisie::{
    self, Action, FormulaireFacture, FormulaireLigne, ValeurLigne, TAUX_MANUEL,
};
use domain::kernel::error::{Champ, FieldId};
use domain::kernel::money::{Taux, Totaux};
use domain::organisation::annuaire::{self, Criteres};
use domain::organisation::structure::Structure;
use domain::Sandbox;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The form's state: edits are dispatched as the domain's actions (`saisie::Action`), applied to
/// the current value, so a callback made once (a line's) never writes over a newer state.
#[derive(Clone, PartialEq)]
pub struct FormState(pub FormulaireFacture);

impl Reducible for FormState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut form = Rc::unwrap_or_clone(self).0;
        form.appliquer(action);
        Rc::new(FormState(form))
    }
}

/// Sends edits to the form (stable across renders: a line's props stay equal).
pub type Edit = UseReducerDispatcher<FormState>;

/// What every block reads.
pub struct Bloc<'a> {
    pub form: &'a FormulaireFacture,
    pub edit: &'a Edit,
    pub fb: &'a Feedback,
    pub sb: &'a Rc<Sandbox>,
    pub structure: &'a Structure,
    pub today: NaiveDate,
}

fn set(edit: &Edit, action: fn(String) -> Action) -> Callback<String> {
    let edit = edit.clone();
    Callback::from(move |v: String| edit.dispatch(action(v)))
}

/// A text field of the form: its id is the field's, its label the one the page shows (the
/// field's own label, or a longer wording).
fn text(
    b: &Bloc,
    champ: Champ,
    label: &'static str,
    value: &str,
    required: bool,
    hint: Option<&'static str>,
    action: fn(String) -> Action,
) -> Html {
    html! {
        <TextField id={champ.id} label={label} value={value.to_string()} required={required}
            hint={hint.map(AttrValue::Static)} oninput={set(b.edit, action)} error={b.fb.field(champ)} />
    }
}

/// A select of the form, on its field.
fn select(
    b: &Bloc,
    champ: Champ,
    label: &str,
    options: Vec<(String, String)>,
    value: &str,
    action: fn(String) -> Action,
) -> Html {
    select_field(
        champ.id,
        label,
        options,
        value,
        set(b.edit, action),
        b.fb.field(champ),
    )
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
        .then(|| routage::destinataire_par_identifiant(b.sb, &form.destinataire).ok())
        .flatten();
    let services = match found {
        Some(s) => {
            let mut opts = vec![(String::new(), "— Aucun service —".to_string())];
            opts.extend(
                routage::services_actifs(b.sb, &s.id, b.today)
                    .into_iter()
                    .map(|sv| (sv.code.clone(), format!("{} — {}", sv.code, sv.libelle))),
            );
            select(
                b,
                champs::CODE_SERVICE,
                "Code service",
                opts,
                &form.code_service,
                Action::CodeService,
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
            {text(b, champs::DESTINATAIRE, "Identifiant du destinataire (SIRET)", &form.destinataire, true,
                Some("L'identifiant de l'entité publique, ou recherchez-la dans l'annuaire."), Action::Destinataire)}
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
    let criteria = Criteres {
        texte: q.to_string(),
        par_page: 8,
        ..Criteres::default()
    };
    let page = annuaire::rechercher(
        b.sb.structures
            .values()
            .map(|s| s.as_ref())
            .filter(|s| recoit_des_factures(s)),
        &criteria,
    );
    let rows: Html = page
        .items
        .iter()
        .map(|s| {
            let choose = {
                let (edit, recherche, id) = (b.edit.clone(), recherche.clone(), s.identifier.clone());
                Callback::from(move |_| {
                    edit.dispatch(Action::ChoisirDestinataire(id.clone()));
                    recherche.set(None);
                    crate::ui::dom::focus(champs::DESTINATAIRE.id);
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
            <p role="status">{domain::kernel::text::pluriel(page.total, "structure trouvée", "structures trouvées")}</p>
            <ul class="liste-choix">{rows}</ul>
        </div>
    }
}

pub fn fournisseur(b: &Bloc) -> Html {
    let form = b.form;
    let mut services = vec![(String::new(), "— Aucun service —".to_string())];
    services.extend(
        routage::services_actifs(b.sb, &b.structure.id, b.today)
            .into_iter()
            .map(|sv| (sv.code.clone(), format!("{} — {}", sv.code, sv.libelle))),
    );
    let mut comptes = vec![(String::new(), "— Aucun —".to_string())];
    comptes.extend(saisie::coordonnees_proposees(b.structure).map(|c| {
        (
            c.id.to_string(),
            format!(
                "{} — {}{}",
                c.libelle,
                domain::organisation::coordonnees_bancaires::format_iban(&c.iban),
                if c.affactureur { " (affactureur)" } else { "" }
            ),
        )
    }));
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
            {select(b, champs::SERVICE_FOURNISSEUR, "Service fournisseur (facultatif)", services, &form.service_fournisseur,
                Action::ServiceFournisseur)}
            {select(b, champs::COORDONNEES_BANCAIRES, "Coordonnées bancaires", comptes, &form.coordonnees_bancaires,
                Action::CoordonneesBancaires)}
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
            {select(b, champs::CADRE, "Cadre de facturation", cadres, form.cadre.code(),
                |v| Action::Cadre(Cadre::from_code(&v).unwrap_or_default()))}
            <div class="valideur">
                if form.cadre.needs_valideur() {
                    {text(b, champs::VALIDEUR, "Identifiant du valideur (titulaire ou mandataire)", &form.valideur, true,
                        Some("La structure qui valide votre facture avant qu'elle parte au destinataire."), Action::Valideur)}
                    {text(b, champs::SERVICE_VALIDEUR, "Code service du valideur", &form.service_valideur, false, None, Action::ServiceValideur)}
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
    let ej_requis = routage::destinataire_par_identifiant(b.sb, &form.destinataire)
        .map(|d| routage::exigences(b.sb, d, form.code_service.trim(), b.today).ej)
        .unwrap_or(false);
    html! {
        <fieldset class="bloc">
            <legend>{"Références de la facture"}</legend>
            {text(b, champs::NUMERO, "Numéro de facture", &form.numero, true,
                Some("Le numéro qui figure sur votre facture ; unique pour votre structure dans l'année."), Action::Numero)}
            <TextField id={champs::DATE_FACTURE.id} label={champs::DATE_FACTURE.libelle} input_type="date" required=true value={form.date.clone()}
                oninput={set(b.edit, Action::Date)} error={b.fb.field(champs::DATE_FACTURE)} />
            {select(b, champs::TYPE_FACTURE, "Type de facture", types, form.type_facture.code(),
                |v| Action::TypeFacture(TypeFacture::from_code(&v).unwrap_or_default()))}
            <div class="facture-origine">
                if avoir {
                    {text(b, champs::FACTURE_ORIGINE, "Numéro de la facture d'origine", &form.facture_origine, true,
                        Some("La facture que cet avoir corrige."), Action::FactureOrigine)}
                }
            </div>
            {select(b, champs::DEVISE, "Devise", devises, &form.devise, Action::Devise)}
            {select(b, champs::TYPE_TVA, "Type de TVA", tvas, form.type_tva.code(),
                |v| Action::TypeTva(TypeTva::from_code(&v).unwrap_or_default()))}
            <div class="motif-exoneration">
                if form.type_tva == TypeTva::Exoneration {
                    {text(b, champs::MOTIF_EXONERATION, "Motif d'exonération", &form.motif_exoneration, true,
                        Some("Par exemple : « TVA non applicable, art. 293 B du CGI »."), Action::MotifExoneration)}
                }
            </div>
            <div class="mode-reglement">
                if !avoir {
                    {select(b, champs::MODE_REGLEMENT, "Mode de règlement", modes, &form.mode_reglement,
                        Action::ModeReglement)}
                }
            </div>
            {text(b, champs::EJ, "Numéro d'engagement juridique (bon de commande)", &form.ej, ej_requis,
                Some("50 caractères au plus ; obligatoire si le destinataire ou son service l'exige."), Action::Ej)}
            {text(b, champs::MARCHE, "Numéro de marché", &form.marche, false, None, Action::Marche)}
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
    pub ligne: FormulaireLigne,
    /// This line's field errors (field, message).
    pub errors: Vec<(Champ, String)>,
    /// The only line: it cannot be removed.
    pub seule: bool,
    pub edit: Edit,
}

/// One line of the invoice. A component with equal props skips rendering: typing in one line of a
/// 50-line invoice renders that line only (and the totals).
#[component]
pub fn LigneSaisie(p: &LigneProps) -> Html {
    let (i, n, l) = (p.index, p.index + 1, &p.ligne);
    let id = |champ: Champ| FieldId::Ligne { numero: n, champ }.dom_id().into_owned();
    let error = |champ: Champ| {
        p.errors
            .iter()
            .find(|(c, _)| *c == champ)
            .map(|(_, m)| m.clone())
    };
    let set = |valeur: fn(String) -> ValeurLigne| {
        let edit = p.edit.clone();
        Callback::from(move |v: String| edit.dispatch(Action::Ligne(i, valeur(v))))
    };
    let field = |champ: Champ, value: &str, required: bool, valeur: fn(String) -> ValeurLigne| {
        html! {
            <TextField id={id(champ)} label={champ.libelle} value={value.to_string()} required={required}
                oninput={set(valeur)} error={error(champ)} />
        }
    };
    let montant = l.montant_ht().map(|m| m.fr_eur());
    let remove = {
        let edit = p.edit.clone();
        Callback::from(move |_| edit.dispatch(Action::SupprimerLigne(i)))
    };
    html! {
        <fieldset class="ligne-facture">
            <legend>{format!("Ligne {n}")}</legend>
            <div class="grille-ligne">
                {field(champs_ligne::REFERENCE, &l.reference, false, ValeurLigne::Reference)}
                {field(champs_ligne::DESIGNATION, &l.designation, true, ValeurLigne::Designation)}
                {field(champs_ligne::QUANTITE, &l.quantite, true, ValeurLigne::Quantite)}
                {field(champs_ligne::UNITE, &l.unite, false, ValeurLigne::Unite)}
                {field(champs_ligne::PRIX, &l.prix, true, ValeurLigne::Prix)}
                {field(champs_ligne::REMISE, &l.remise, false, ValeurLigne::Remise)}
                {select_field(&id(champs_ligne::TAUX), champs_ligne::TAUX.libelle, taux_options(), &l.taux, set(ValeurLigne::Taux), error(champs_ligne::TAUX))}
                <div class="taux-manuel">
                    if l.taux == TAUX_MANUEL {
                        {field(champs_ligne::TAUX_MANUEL, &l.taux_manuel, true, ValeurLigne::TauxManuel)}
                    }
                </div>
                <p class="montant-ligne"><span class="etiquette">{"Montant HT"}</span>
                    <output for={id(champs_ligne::QUANTITE)}>{montant.unwrap_or_else(|| "—".to_string())}</output></p>
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
            edit.dispatch(Action::AjouterLigne);
            let designation = FieldId::Ligne {
                numero: n,
                champ: champs_ligne::DESIGNATION,
            };
            crate::ui::dom::focus_later(&designation.dom_id());
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
        <fieldset class="bloc" id={champs::LIGNES.id} tabindex="-1">
            <legend>{champs::LIGNES.libelle}</legend>
            if let Some(e) = b.fb.field(champs::LIGNES) { <p class="erreur-champ">{e}</p> }
            <p class="aide-champ">{"Montants en euros à la française : « 1 234,56 » (virgule ou point). Quantités et prix : 4 décimales au plus."}</p>
            { for form.lignes.iter().enumerate().map(|(i, l)| {
                let errors: Vec<(Champ, String)> = errors
                    .iter()
                    .filter_map(|e| match &e.field {
                        FieldId::Ligne { numero, champ } if *numero == i + 1 => Some((*champ, e.message.clone())),
                        _ => None,
                    })
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
            {text(b, champs::MONTANT_HT, "Montant HT", &form.montant_ht, true, None, Action::MontantHt)}
            {text(b, champs::MONTANT_TVA, "Montant de TVA", &form.montant_tva, true, None, Action::MontantTva)}
            {text(b, champs::MONTANT_TTC, "Montant TTC", &form.montant_ttc, true, Some("Doit être égal au montant HT plus la TVA."), Action::MontantTtc)}
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
            {text(b, champs::REMISE_GLOBALE, "Remise globale TTC", &form.remise_globale, false, None, Action::RemiseGlobale)}
            <div class="motif-remise">
                if !form.remise_globale.trim().is_empty() {
                    {text(b, champs::MOTIF_REMISE, "Motif de la remise globale", &form.motif_remise, true, None, Action::MotifRemise)}
                }
            </div>
            if form.cadre != Cadre::A2 {
                {text(b, champs::MONTANT_A_PAYER, "Montant à payer", &form.montant_a_payer, false,
                    Some("Laissez vide pour le total TTC après remise (à réduire par exemple d'un acompte déjà versé)."), Action::MontantAPayer)}
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
                edit.dispatch(Action::Commentaire(t.value()));
            }
        })
    };
    let error = b.fb.field(champs::COMMENTAIRE);
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
