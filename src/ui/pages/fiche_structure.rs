//! The fiche structure: general information (editable with « Structures » in modification),
//! recipient parameters of a public structure, applications, coordonnées bancaires, the SIRET
//! change and the deactivation. Each part is shown only if the domain allows it.

use super::coordonnees_bancaires::CoordonneesBancaires;
use super::{access, Access};
use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{
    bind, checkbox, select_field, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::route::Route;
use domain::organisation::droits::{Action, Application};
use domain::organisation::fiche_structure::{self as org, StructureForm, COUNTRIES};
use domain::organisation::identifiants::IdentifierType;
use domain::organisation::structure::{RecipientParameters, Structure};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// Field ids → labels of `general_fields`, for the error summary.
pub(super) const GENERAL_FIELDS: [(&str, &str); 12] = [
    ("raison_sociale", "Raison sociale"),
    ("libelle", "Libellé"),
    ("adresse", "Adresse"),
    ("complement1", "Complément d'adresse 1"),
    ("complement2", "Complément d'adresse 2"),
    ("code_postal", "Code postal"),
    ("ville", "Ville"),
    ("pays", "Pays"),
    ("telephone_structure", "Téléphone"),
    ("email_structure", "Adresse électronique"),
    ("numero_tva", "Numéro de TVA intracommunautaire"),
    ("rcs", "Numéro RCS"),
];

/// The fiche's descriptive fields (shared by creation and edition).
pub(super) fn general_fields(form: &UseStateHandle<StructureForm>, fb: &Feedback) -> Html {
    let countries: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect();
    html! {
        <>
            <fieldset>
                <legend>{"Informations générales"}</legend>
                <TextField id="raison_sociale" label="Raison sociale" required=true value={form.raison_sociale.clone()}
                    oninput={bind(form, |f, v| f.raison_sociale = v)} error={fb.field("raison_sociale")} />
                <TextField id="libelle" label="Libellé" hint={Some(AttrValue::Static("Nom d'usage affiché dans les listes, s'il diffère de la raison sociale."))}
                    value={form.libelle.clone()} oninput={bind(form, |f, v| f.libelle = v)} error={fb.field("libelle")} />
                <TextField id="numero_tva" label="Numéro de TVA intracommunautaire" hint={Some(AttrValue::Static("Exemple : FR40 303 265 045 (clé et SIREN pour un numéro français)."))}
                    value={form.numero_tva.clone()} oninput={bind(form, |f, v| f.numero_tva = v)} error={fb.field("numero_tva")} />
                <TextField id="rcs" label="Numéro RCS" hint={Some(AttrValue::Static("Exemple : RCS Lyon 912 345 678."))}
                    value={form.rcs.clone()} oninput={bind(form, |f, v| f.rcs = v)} error={fb.field("rcs")} />
            </fieldset>
            <fieldset>
                <legend>{"Adresse postale du siège"}</legend>
                <TextField id="adresse" label="Adresse" required=true value={form.adresse.clone()}
                    oninput={bind(form, |f, v| f.adresse = v)} error={fb.field("adresse")} />
                <TextField id="complement1" label="Complément d'adresse 1" value={form.complement1.clone()}
                    oninput={bind(form, |f, v| f.complement1 = v)} error={fb.field("complement1")} />
                <TextField id="complement2" label="Complément d'adresse 2" value={form.complement2.clone()}
                    oninput={bind(form, |f, v| f.complement2 = v)} error={fb.field("complement2")} />
                <TextField id="code_postal" label="Code postal" required=true value={form.code_postal.clone()}
                    oninput={bind(form, |f, v| f.code_postal = v)} error={fb.field("code_postal")} />
                <TextField id="ville" label="Ville" required=true value={form.ville.clone()}
                    oninput={bind(form, |f, v| f.ville = v)} error={fb.field("ville")} />
                {select_field("pays", "Pays", countries, &form.pays, bind(form, |f, v| f.pays = v), fb.field("pays"))}
                <TextField id="telephone_structure" label="Téléphone" input_type="tel" value={form.telephone.clone()}
                    oninput={bind(form, |f, v| f.telephone = v)} error={fb.field("telephone_structure")} />
                <TextField id="email_structure" label="Adresse électronique" input_type="email" value={form.email.clone()}
                    oninput={bind(form, |f, v| f.email = v)} error={fb.field("email_structure")} />
            </fieldset>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct FicheProps {
    pub id: String,
}

#[component]
pub fn FicheStructure(props: &FicheProps) -> Html {
    let app = use_app();
    let route = Route::FicheStructure {
        id: props.id.clone(),
    };
    let a = match access(&app, &props.id, Action::ConsulterStructure, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let s = a.structure.clone();
    let id = props.id.clone();
    html! {
        <Page {route} title={Some(AttrValue::from(format!("Fiche structure — {}", s.display_name())))} help={html!{
            <p>{"La fiche structure décrit l'entité qui émet ou reçoit les factures : identité, adresse du siège, paramètres de réception (pour une entité publique), applications ouvertes et coordonnées bancaires proposées sur chaque facture. Le gestionnaire principal, ou un utilisateur habilité « Structures » en modification, peut la compléter."}</p>
        }}>
            <ul class="liste-actions">
                if a.may(Action::ConsulterServices) { <li>{link(Route::Services { id: id.clone() }, "Services de la structure", "")}</li> }
                if a.may(Action::ConsulterUtilisateurs) { <li>{link(Route::Utilisateurs { id: id.clone() }, "Utilisateurs de la structure", "")}</li> }
                if s.is_public() { <li>{link(Route::AnnuaireStructure { id: id.clone() }, "Voir dans l'annuaire", "")}</li> }
            </ul>
            {summary(&a)}
            if a.may(Action::ModifierStructure) { <GeneralForm structure={s.clone()} /> }
            if s.is_public() { <Parametres structure={s.clone()} editable={a.may(Action::ModifierStructure)} /> }
            <Applications structure={s.clone()} editable={a.may(Action::GererApplications)} />
            <CoordonneesBancaires structure={s.clone()} editable={a.may(Action::GererCoordonneesBancaires)} />
            if a.may(Action::ChangerIdentifiant) { <ChangementIdentifiant structure={s.clone()} /> }
            if a.may(Action::DesactiverStructure) { <Desactivation structure={s.clone()} /> }
        </Page>
    }
}

fn summary(a: &Access) -> Html {
    let s = &a.structure;
    let origine = s
        .origine
        .as_ref()
        .and_then(|o| a.sb.structures.get(o))
        .map(|o| o.identifier.clone());
    let successeur =
        a.sb.structures
            .values()
            .find(|x| x.origine.as_ref() == Some(&s.id))
            .map(|x| x.id.to_string());
    let ad = &s.adresse;
    html! {
        <section aria-labelledby="titre-identite-structure">
            <h2 id="titre-identite-structure">{"Identité de la structure"}</h2>
            <dl class="fiche">
                <dt>{"Type d'identifiant"}</dt><dd>{s.identifier_type.label()}</dd>
                <dt>{"Identifiant"}</dt><dd>{s.identifier.clone()}</dd>
                <dt>{"Raison sociale"}</dt><dd>{s.raison_sociale.clone()}</dd>
                if let Some(l) = &s.libelle { <dt>{"Libellé"}</dt><dd>{l.clone()}</dd> }
                <dt>{"Type de structure"}</dt><dd>{s.kind.label()}</dd>
                if let Some(c) = s.categorie { <dt>{"Catégorie"}</dt><dd>{c.label()}</dd> }
                <dt>{"Statut"}</dt><dd>{s.status.label()}{if s.en_cours_immatriculation { " — en cours d'immatriculation" } else { "" }}</dd>
                <dt>{"Adresse"}</dt>
                <dd>
                    {ad.adresse.clone()}
                    { for ad.complement1.iter().chain(ad.complement2.iter()).map(|c| html! { <><br />{c.clone()}</> }) }
                    <br />{format!("{} {} ({})", ad.code_postal, ad.ville, ad.pays)}
                </dd>
                if let Some(t) = &s.telephone { <dt>{"Téléphone"}</dt><dd>{t.clone()}</dd> }
                if let Some(e) = &s.email { <dt>{"Adresse électronique"}</dt><dd>{e.clone()}</dd> }
                if let Some(t) = &s.numero_tva { <dt>{"Numéro de TVA"}</dt><dd>{t.clone()}</dd> }
                if let Some(r) = &s.rcs { <dt>{"RCS"}</dt><dd>{r.clone()}</dd> }
                if let Some(o) = origine { <dt>{"Ancien identifiant"}</dt><dd>{o}</dd> }
            </dl>
            if let Some(next) = successeur {
                <p class="alerte alerte-info">{"Cette structure a été désactivée par un changement d'identifiant. "}{link(Route::FicheStructure { id: next }, "Voir la nouvelle fiche", "")}</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StructureProps {
    structure: Rc<Structure>,
    #[prop_or_default]
    editable: bool,
}

#[component]
fn GeneralForm(props: &StructureProps) -> Html {
    let app = use_app();
    let form = {
        let s = props.structure.clone();
        use_state(move || StructureForm::of(&s))
    };
    let feedback = use_state(Feedback::default);
    let id = props.structure.id.clone();
    let onsubmit = {
        let (app, form, feedback, id) = (app.clone(), form.clone(), feedback.clone(), id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let f = (*form).clone();
            let r = app.run(|sb, _| org::update_structure(sb, &actor, &id, &f));
            feedback.set(Feedback::from(r, "La fiche structure a été enregistrée."));
        })
    };
    let refresh = {
        let (app, form, feedback, id) = (app.clone(), form.clone(), feedback.clone(), id.clone());
        Callback::from(move |_| {
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let r = app.run(|sb, _| org::refresh_from_insee(sb, &actor, &id));
            if r.is_ok() {
                if let Some(s) = app.sandbox().structures.get(&id) {
                    form.set(StructureForm::of(s));
                }
            }
            feedback.set(Feedback::from(
                r,
                "La raison sociale et l'adresse ont été mises à jour depuis la base INSEE.",
            ));
        })
    };
    html! {
        <section aria-labelledby="titre-modifier-fiche">
            <h2 id="titre-modifier-fiche">{"Modifier les informations générales"}</h2>
            {feedback.done_html()}
            <ErrorSummary id="erreurs-fiche" error={feedback.error.clone()} fields={GENERAL_FIELDS.to_vec()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {general_fields(&form, &feedback)}
                <div class="actions">
                    <button type="submit" class="bouton">{"Enregistrer la fiche"}</button>
                    if props.structure.identifier_type == IdentifierType::Siret {
                        <button type="button" class="bouton bouton-secondaire" onclick={refresh}>{"Mettre à jour depuis la base INSEE"}</button>
                    }
                </div>
            </form>
        </section>
    }
}

/// Labels of the recipient parameters (facts §2.3), with the setter of each flag.
type Flag = (
    &'static str,
    &'static str,
    fn(&RecipientParameters) -> bool,
    fn(&mut RecipientParameters, bool),
);

const FLAGS: [Flag; 6] = [
    (
        "code_service_obligatoire",
        "Code service obligatoire",
        |p| p.code_service_obligatoire,
        |p, v| p.code_service_obligatoire = v,
    ),
    (
        "ej_obligatoire",
        "Engagement juridique obligatoire",
        |p| p.ej_obligatoire,
        |p, v| p.ej_obligatoire = v,
    ),
    (
        "ej_ou_code_service",
        "Engagement juridique ou code service obligatoire",
        |p| p.ej_ou_code_service,
        |p, v| p.ej_ou_code_service = v,
    ),
    (
        "mise_en_paiement_non_remontee",
        "Statut « mise en paiement » non remonté",
        |p| p.mise_en_paiement_non_remontee,
        |p, v| p.mise_en_paiement_non_remontee = v,
    ),
    (
        "est_moa",
        "Maître d'ouvrage (MOA)",
        |p| p.est_moa,
        |p, v| p.est_moa = v,
    ),
    (
        "est_moa_uniquement",
        "Maître d'ouvrage uniquement",
        |p| p.est_moa_uniquement,
        |p, v| p.est_moa_uniquement = v,
    ),
];

#[component]
fn Parametres(props: &StructureProps) -> Html {
    let app = use_app();
    let params = {
        let p = props.structure.parametres;
        use_state(move || p)
    };
    let feedback = use_state(Feedback::default);
    let current = props.structure.parametres;
    let onsubmit = {
        let (app, params, feedback) = (app.clone(), params.clone(), feedback.clone());
        let id = props.structure.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let p = *params;
            let r = app.run(|sb, _| org::set_parameters(sb, &actor, &id, p));
            feedback.set(Feedback::from(r, "Les paramètres ont été enregistrés."));
        })
    };
    html! {
        <section aria-labelledby="titre-parametres">
            <h2 id="titre-parametres">{"Paramètres de réception des factures"}</h2>
            <p>{format!("Profil : {}.", current.profile().label())}</p>
            if props.editable {
                {feedback.done_html()}
                <ErrorSummary id="erreurs-parametres" error={feedback.error.clone()} fields={vec![("est_moa_uniquement", "Maître d'ouvrage uniquement")]} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    <fieldset>
                        <legend>{"Ce que les fournisseurs doivent renseigner"}</legend>
                        { for FLAGS.iter().map(|(id, label, get, set)| {
                            let set = *set;
                            let params = params.clone();
                            checkbox(id, label, get(&params), Callback::from(move |v: bool| {
                                let mut p = *params;
                                set(&mut p, v);
                                params.set(p);
                            }), feedback.field(*id))
                        }) }
                    </fieldset>
                    <div class="actions"><button type="submit" class="bouton">{"Enregistrer les paramètres"}</button></div>
                </form>
            } else {
                <ul>
                    { for FLAGS.iter().map(|(_, label, get, _)| html! {
                        <li>{format!("{label} : {}", if get(&current) { "oui" } else { "non" })}</li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[component]
fn Applications(props: &StructureProps) -> Html {
    let app = use_app();
    let chosen = {
        let apps = props.structure.applications.clone();
        use_state(move || apps)
    };
    let feedback = use_state(Feedback::default);
    let onsubmit = {
        let (app, chosen, feedback) = (app.clone(), chosen.clone(), feedback.clone());
        let id = props.structure.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let apps = (*chosen).clone();
            let r = app.run(|sb, _| org::set_applications(sb, &actor, &id, &apps));
            feedback.set(Feedback::from(r, "Les applications de la structure ont été enregistrées. Les utilisateurs y accèdent selon leurs habilitations."));
        })
    };
    html! {
        <section aria-labelledby="titre-applications">
            <h2 id="titre-applications">{"Applications de la structure"}</h2>
            if props.editable {
                {feedback.done_html()}
                <ErrorSummary id="erreurs-applications" error={feedback.error.clone()} fields={vec![("applications", "Applications")]} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    <fieldset>
                        <legend>{"Applications ouvertes"}</legend>
                        if let Some(e) = feedback.field("applications") { <p class="erreur-champ">{e}</p> }
                        { for Application::ALL.iter().map(|a| {
                            let a = *a;
                            let chosen = chosen.clone();
                            let on = chosen.contains(&a);
                            checkbox(&format!("application-{}", Application::ALL.iter().position(|x| *x == a).unwrap_or(0)), a.label(), on,
                                Callback::from(move |v: bool| {
                                    let mut list: Vec<Application> = (*chosen).clone();
                                    list.retain(|x| *x != a);
                                    if v { list.push(a); }
                                    chosen.set(list);
                                }), None)
                        }) }
                    </fieldset>
                    <div class="actions"><button type="submit" class="bouton">{"Enregistrer les applications"}</button></div>
                </form>
            } else {
                <ul>{ for props.structure.applications.iter().map(|a| html! { <li>{a.label()}</li> }) }</ul>
            }
        </section>
    }
}

#[component]
fn ChangementIdentifiant(props: &StructureProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let value = use_state(String::new);
    let en_cours = use_state(|| false);
    let feedback = use_state(Feedback::default);
    let on_confirm = {
        let (app, value, en_cours, feedback) = (
            app.clone(),
            value.clone(),
            en_cours.clone(),
            feedback.clone(),
        );
        let id = props.structure.id.clone();
        Callback::from(move |_| {
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let (v, c) = ((*value).clone(), *en_cours);
            match app.run(|sb, now| org::change_identifier(sb, &actor, &id, &v, c, now)) {
                Ok(new_id) => {
                    if let Some(nav) = &navigator {
                        nav.push(&Route::FicheStructure {
                            id: new_id.to_string(),
                        });
                    }
                }
                Err(e) => feedback.set(Feedback {
                    error: Some(e),
                    done: None,
                }),
            }
        })
    };
    let kind = props.structure.identifier_type;
    html! {
        <section aria-labelledby="titre-changer-identifiant">
            <h2 id="titre-changer-identifiant">{"Modifier l'identifiant"}</h2>
            <p>{"Après un déménagement ou une réorganisation, l'établissement change de SIRET. L'ancienne structure est alors désactivée et une nouvelle est créée par copie : données, services et utilisateurs. Le mandat de facturation, le compte technique et les raccordements ne sont pas copiés."}</p>
            <ErrorSummary id="erreurs-identifiant" error={feedback.error.clone()} fields={vec![("nouvel_identifiant", "Nouvel identifiant")]} />
            <div class="formulaire">
                <TextField id="nouvel_identifiant" label={AttrValue::from(format!("Nouvel identifiant ({})", kind.label()))} hint={Some(AttrValue::Static(kind.hint()))}
                    value={(*value).clone()} oninput={{ let value = value.clone(); Callback::from(move |v| value.set(v)) }}
                    error={feedback.field("nouvel_identifiant")} />
                if kind == IdentifierType::Siret {
                    {checkbox("nouvel_en_cours", "Nouvel établissement en cours d'immatriculation", *en_cours,
                        { let en_cours = en_cours.clone(); Callback::from(move |v| en_cours.set(v)) }, None)}
                }
                <ConfirmButton id="changer-identifiant" label="Continuer" danger=true
                    question="Changer l'identifiant ? La structure actuelle sera désactivée et remplacée par une copie portant le nouvel identifiant."
                    confirm_label="Oui, changer l'identifiant" {on_confirm} />
            </div>
        </section>
    }
}

#[component]
fn Desactivation(props: &StructureProps) -> Html {
    let app = use_app();
    let feedback = use_state(Feedback::default);
    let on_confirm = {
        let (app, feedback) = (app.clone(), feedback.clone());
        let id = props.structure.id.clone();
        Callback::from(move |_| {
            let Some(actor) = app.account().map(|a| a.id.clone()) else {
                return;
            };
            let r = app.run(|sb, _| org::deactivate_structure(sb, &actor, &id));
            feedback.set(Feedback::from(
                r,
                "La structure est désactivée : elle ne peut plus qu'être consultée.",
            ));
        })
    };
    html! {
        <section aria-labelledby="titre-desactiver-structure">
            <h2 id="titre-desactiver-structure">{"Désactiver la structure"}</h2>
            {feedback.done_html()}
            <ErrorSummary id="erreurs-desactivation-structure" error={feedback.error.clone()} fields={vec![]} />
            <p>{"Une structure désactivée ne peut plus émettre ni recevoir de factures ; sa fiche reste consultable."}</p>
            <ConfirmButton id="desactiver-structure" label="Désactiver la structure" danger=true
                question="Désactiver définitivement cette structure ?" confirm_label="Oui, désactiver" {on_confirm} />
        </section>
    }
}
