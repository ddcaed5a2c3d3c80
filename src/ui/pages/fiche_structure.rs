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
use crate::ui::context::AppContext;
use crate::ui::hooks::use_command;
use crate::ui::route::Route;
use domain::organisation::adresse::PAYS;
use domain::organisation::droits::{Action, Application};
use domain::organisation::fiche_structure::{self as org, champs, FormulaireStructure, PARAMETRES};
use domain::organisation::identifiants::TypeIdentifiant;
use domain::organisation::structure::Structure;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The fiche's descriptive fields (shared by creation and edition).
pub(super) fn general_fields(form: &UseStateHandle<FormulaireStructure>, fb: &Feedback) -> Html {
    let countries: Vec<(String, String)> = PAYS
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect();
    html! {
        <>
            <fieldset>
                <legend>{"Informations générales"}</legend>
                <TextField id={champs::RAISON_SOCIALE.id} label={champs::RAISON_SOCIALE.libelle} required=true value={form.raison_sociale.clone()} oninput={bind(form, |f, v| f.raison_sociale = v)} error={fb.field(champs::RAISON_SOCIALE)} />
                <TextField id={champs::LIBELLE.id} label={champs::LIBELLE.libelle} hint={Some(AttrValue::Static("Nom d'usage affiché dans les listes, s'il diffère de la raison sociale."))} value={form.libelle.clone()} oninput={bind(form, |f, v| f.libelle = v)} error={fb.field(champs::LIBELLE)} />
                <TextField id={champs::NUMERO_TVA.id} label={champs::NUMERO_TVA.libelle} hint={Some(AttrValue::Static("Exemple : FR40 303 265 045 (clé et SIREN pour un numéro français)."))} value={form.numero_tva.clone()} oninput={bind(form, |f, v| f.numero_tva = v)} error={fb.field(champs::NUMERO_TVA)} />
                <TextField id={champs::RCS.id} label={champs::RCS.libelle} hint={Some(AttrValue::Static("Exemple : RCS Lyon 912 345 678."))} value={form.rcs.clone()} oninput={bind(form, |f, v| f.rcs = v)} error={fb.field(champs::RCS)} />
            </fieldset>
            <fieldset>
                <legend>{"Adresse postale du siège"}</legend>
                <TextField id={champs::ADRESSE.id} label={champs::ADRESSE.libelle} required=true value={form.adresse.clone()} oninput={bind(form, |f, v| f.adresse = v)} error={fb.field(champs::ADRESSE)} />
                <TextField id={champs::COMPLEMENT1.id} label={champs::COMPLEMENT1.libelle} value={form.complement1.clone()} oninput={bind(form, |f, v| f.complement1 = v)} error={fb.field(champs::COMPLEMENT1)} />
                <TextField id={champs::COMPLEMENT2.id} label={champs::COMPLEMENT2.libelle} value={form.complement2.clone()} oninput={bind(form, |f, v| f.complement2 = v)} error={fb.field(champs::COMPLEMENT2)} />
                <TextField id={champs::CODE_POSTAL.id} label={champs::CODE_POSTAL.libelle} required=true value={form.code_postal.clone()} oninput={bind(form, |f, v| f.code_postal = v)} error={fb.field(champs::CODE_POSTAL)} />
                <TextField id={champs::VILLE.id} label={champs::VILLE.libelle} required=true value={form.ville.clone()} oninput={bind(form, |f, v| f.ville = v)} error={fb.field(champs::VILLE)} />
                {select_field(champs::PAYS.id, champs::PAYS.libelle, countries, &form.pays, bind(form, |f, v| f.pays = v), fb.field(champs::PAYS))}
                <TextField id={champs::TELEPHONE.id} label={champs::TELEPHONE.libelle} input_type="tel" value={form.telephone.clone()} oninput={bind(form, |f, v| f.telephone = v)} error={fb.field(champs::TELEPHONE)} />
                <TextField id={champs::EMAIL.id} label={champs::EMAIL.libelle} input_type="email" value={form.email.clone()} oninput={bind(form, |f, v| f.email = v)} error={fb.field(champs::EMAIL)} />
            </fieldset>
        </>
    }
}

pub fn fiche_structure(app: &AppContext, id: &str) -> Html {
    let route = Route::FicheStructure { id: id.to_string() };
    let a = match access(app, id, Action::ConsulterStructure, route.clone()) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let s = a.structure.clone();
    let id = id.to_string();
    // « ?creee=1 » after « Créer la structure »: the success message and what to complete next.
    let creee = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h.ends_with("?creee=1"));
    html! {
        <Page {route} title={Some(AttrValue::from(format!("Fiche structure — {}", s.display_name())))} help={html!{
            <p>{"La fiche structure décrit l'entité qui émet ou reçoit les factures : identité, adresse du siège, paramètres de réception (pour une entité publique), applications ouvertes et coordonnées bancaires proposées sur chaque facture. Le gestionnaire principal, ou un utilisateur habilité « Structures » en modification, peut la compléter."}</p>
        }}>
            <ul class="liste-actions">
                if a.may(Action::ConsulterServices) { <li>{link(Route::Services { id: id.clone() }, "Services de la structure", "")}</li> }
                if a.may(Action::ConsulterUtilisateurs) { <li>{link(Route::Utilisateurs { id: id.clone() }, "Utilisateurs de la structure", "")}</li> }
                if s.is_public() { <li>{link(Route::AnnuaireStructure { id: id.clone() }, "Voir dans l'annuaire", "")}</li> }
            </ul>
            if creee {
                <div class="succes" role="status">
                    <p>{format!("La structure « {} » est créée ; vous en êtes le gestionnaire principal.", s.display_name())}</p>
                    <p>{"À compléter ensuite :"}</p>
                    <ul>{ for org::a_completer(&a.sb, &s).into_iter().map(|t| html! { <li>{t}</li> }) }</ul>
                </div>
            }
            {summary(&a)}
            if a.may(Action::ModifierStructure) { <GeneralForm structure={s.clone()} /> }
            if s.is_public() { <Parametres structure={s.clone()} editable={a.may(Action::ModifierStructure)} /> }
            <Applications structure={s.clone()} editable={a.may(Action::GererApplications)} />
            <CoordonneesBancaires structure={s.clone()} editable={a.may(Action::GererCoordonneesBancaires)} />
            if a.may(Action::ChangerIdentifiant) || a.may(Action::DesactiverStructure) {
                <section class="zone-sensible" aria-labelledby="titre-zone-sensible">
                    <h2 id="titre-zone-sensible">{"Zone sensible"}</h2>
                    <p>{"Ces actions touchent toute la structure, ses utilisateurs et ses factures : lisez bien chaque confirmation."}</p>
                    if a.may(Action::ChangerIdentifiant) { <ChangementIdentifiant structure={s.clone()} /> }
                    if a.may(Action::DesactiverStructure) { <Desactivation structure={s.clone()} /> }
                </section>
            }
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
    let successeur = org::successeur(&a.sb, &s.id).map(|x| x.id.to_string());
    let ad = &s.adresse;
    // The portal's groups of the fiche (consulterStructure): « Informations générales », then
    // « Adresse postale du siège »; « Paramètres » follow for a public structure.
    html! {
        <>
        <section aria-labelledby="titre-identite-structure">
            <h2 id="titre-identite-structure">{"Informations générales"}</h2>
            <dl class="fiche">
                <dt>{"Type d'identifiant"}</dt><dd>{s.identifier_type.label()}</dd>
                <dt>{"Identifiant"}</dt><dd>{s.identifier.clone()}</dd>
                <dt>{"Raison sociale"}</dt><dd>{s.raison_sociale.clone()}</dd>
                if let Some(l) = &s.libelle { <dt>{"Libellé"}</dt><dd>{l.clone()}</dd> }
                <dt>{"Type de structure"}</dt><dd>{s.kind.label()}</dd>
                if let Some(c) = s.categorie { <dt>{"Catégorie"}</dt><dd>{c.label()}</dd> }
                <dt>{"Statut"}</dt><dd>{s.status.label()}{if s.en_cours_immatriculation { " — en cours d'immatriculation" } else { "" }}</dd>
                if let Some(e) = &s.email { <dt>{"Adresse électronique"}</dt><dd>{e.clone()}</dd> }
                if let Some(t) = &s.numero_tva { <dt>{"Numéro de TVA"}</dt><dd>{t.clone()}</dd> }
                if let Some(r) = &s.rcs { <dt>{"RCS"}</dt><dd>{r.clone()}</dd> }
                if let Some(o) = origine { <dt>{"Ancien identifiant"}</dt><dd>{o}</dd> }
            </dl>
            if let Some(next) = successeur {
                <p class="alerte alerte-info">{"Cette structure a été désactivée par un changement d'identifiant. "}{link(Route::FicheStructure { id: next }, "Voir la nouvelle fiche", "")}</p>
            }
        </section>
        <section aria-labelledby="titre-adresse-structure">
            <h2 id="titre-adresse-structure">{"Adresse postale du siège"}</h2>
            <dl class="fiche">
                <dt>{"Adresse"}</dt>
                <dd>
                    {ad.adresse.clone()}
                    { for ad.complement1.iter().chain(ad.complement2.iter()).map(|c| html! { <><br />{c.clone()}</> }) }
                    <br />{format!("{} {} ({})", ad.code_postal, ad.ville, ad.pays)}
                </dd>
                if let Some(t) = &s.telephone { <dt>{"Téléphone"}</dt><dd>{t.clone()}</dd> }
            </dl>
        </section>
        </>
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
    let cmd = use_command();
    let form = {
        let s = props.structure.clone();
        use_state(move || FormulaireStructure::of(&s))
    };
    let id = props.structure.id.clone();
    let onsubmit = {
        let (cmd, form, id) = (cmd.clone(), form.clone(), id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            cmd.run(
                "La fiche structure a été enregistrée.",
                |sb, actor, _| org::modifier_structure(sb, actor, &id, &f),
            );
        })
    };
    let refresh = {
        let (cmd, form, id) = (cmd.clone(), form.clone(), id.clone());
        Callback::from(move |_| {
            let done = "La raison sociale et l'adresse ont été mises à jour depuis la base INSEE.";
            let updated = cmd.run(done, |sb, actor, _| {
                org::mettre_a_jour_depuis_insee(sb, actor, &id)
            });
            if updated.is_some() {
                if let Some(s) = cmd.app().sandbox().structures.get(&id) {
                    form.set(FormulaireStructure::of(s));
                }
            }
        })
    };
    let fb = cmd.feedback();
    html! {
        <section aria-labelledby="titre-modifier-fiche">
            <h2 id="titre-modifier-fiche">{"Modifier les informations générales"}</h2>
            {fb.done_html()}
            <ErrorSummary id="erreurs-fiche" error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {general_fields(&form, fb)}
                <div class="actions">
                    <button type="submit" class="bouton">{"Enregistrer la fiche"}</button>
                    if org::se_met_a_jour_depuis_insee(&props.structure) {
                        <button type="button" class="bouton bouton-secondaire" onclick={refresh}>{"Mettre à jour depuis la base INSEE"}</button>
                    }
                </div>
            </form>
        </section>
    }
}

#[component]
fn Parametres(props: &StructureProps) -> Html {
    let cmd = use_command();
    let params = {
        let p = props.structure.parametres;
        use_state(move || p)
    };
    let current = props.structure.parametres;
    let onsubmit = {
        let (cmd, params) = (cmd.clone(), params.clone());
        let id = props.structure.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let p = *params;
            cmd.run("Les paramètres ont été enregistrés.", |sb, actor, _| {
                org::modifier_parametres(sb, actor, &id, p)
            });
        })
    };
    let fb = cmd.feedback();
    html! {
        <section aria-labelledby="titre-parametres">
            <h2 id="titre-parametres">{"Paramètres de réception des factures"}</h2>
            <p>{format!("Profil : {}.", current.profile().label())}</p>
            if props.editable {
                {fb.done_html()}
                <ErrorSummary id="erreurs-parametres" error={fb.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    <fieldset>
                        <legend>{"Ce que les fournisseurs doivent renseigner"}</legend>
                        { for PARAMETRES.iter().map(|p| {
                            let (set, params) = (p.set, params.clone());
                            checkbox(p.champ.id, p.champ.libelle, (p.get)(&params), Callback::from(move |v: bool| {
                                let mut next = *params;
                                set(&mut next, v);
                                params.set(next);
                            }), fb.field(p.champ))
                        }) }
                    </fieldset>
                    <div class="actions"><button type="submit" class="bouton">{"Enregistrer les paramètres"}</button></div>
                </form>
            } else {
                <ul>
                    { for PARAMETRES.iter().map(|p| html! {
                        <li>{format!("{} : {}", p.champ.libelle, if (p.get)(&current) { "oui" } else { "non" })}</li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[component]
fn Applications(props: &StructureProps) -> Html {
    let cmd = use_command();
    let chosen = {
        let apps = props.structure.applications.clone();
        use_state(move || apps)
    };
    let onsubmit = {
        let (cmd, chosen) = (cmd.clone(), chosen.clone());
        let id = props.structure.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let apps = (*chosen).clone();
            cmd.run("Les applications de la structure ont été enregistrées. Les utilisateurs y accèdent selon leurs habilitations.", |sb, actor, _| {
                org::modifier_applications(sb, actor, &id, &apps)
            });
        })
    };
    let feedback = cmd.feedback();
    html! {
        <section aria-labelledby="titre-applications">
            <h2 id="titre-applications">{"Applications de la structure"}</h2>
            if props.editable {
                {feedback.done_html()}
                <ErrorSummary id="erreurs-applications" error={feedback.error.clone()} />
                <form class="formulaire" {onsubmit} novalidate=true>
                    <fieldset>
                        <legend>{"Applications ouvertes"}</legend>
                        if let Some(e) = feedback.field(champs::APPLICATIONS) { <p class="erreur-champ">{e}</p> }
                        { for Application::ALL.iter().enumerate().map(|(i, a)| {
                            let a = *a;
                            let chosen = chosen.clone();
                            let on = chosen.contains(&a);
                            checkbox(&format!("application-{i}"), a.label(), on,
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
    let cmd = use_command();
    let navigator = use_navigator();
    let value = use_state(String::new);
    let en_cours = use_state(|| false);
    let on_confirm = {
        let (cmd, value, en_cours) = (cmd.clone(), value.clone(), en_cours.clone());
        let id = props.structure.id.clone();
        Callback::from(move |_| {
            let (v, c) = ((*value).clone(), *en_cours);
            match cmd
                .try_run(|sb, actor, now| org::modifier_identifiant(sb, actor, &id, &v, c, now))
            {
                Some(Ok(new_id)) => {
                    if let Some(nav) = &navigator {
                        nav.push(&Route::FicheStructure {
                            id: new_id.to_string(),
                        });
                    }
                }
                Some(Err(e)) => cmd.set(Feedback {
                    error: Some(e),
                    done: None,
                }),
                None => {}
            }
        })
    };
    let feedback = cmd.feedback();
    let kind = props.structure.identifier_type;
    html! {
        <section aria-labelledby="titre-changer-identifiant">
            <h3 id="titre-changer-identifiant">{"Modifier l'identifiant"}</h3>
            <p>{"Après un déménagement ou une réorganisation, l'établissement change de SIRET. L'ancienne structure est alors désactivée et une nouvelle est créée par copie : données, services et utilisateurs. Le mandat de facturation, le compte technique et les raccordements ne sont pas copiés."}</p>
            <ErrorSummary id="erreurs-identifiant" error={feedback.error.clone()} />
            <div class="formulaire">
                <TextField id={champs::NOUVEL_IDENTIFIANT.id} label={AttrValue::from(format!("{} ({})", champs::NOUVEL_IDENTIFIANT.libelle, kind.label()))} hint={Some(AttrValue::Static(kind.hint()))} value={(*value).clone()} oninput={{ let value = value.clone(); Callback::from(move |v| value.set(v)) }} error={feedback.field(champs::NOUVEL_IDENTIFIANT)} />
                if kind == TypeIdentifiant::Siret {
                    {checkbox(champs::NOUVEL_EN_COURS.id, champs::NOUVEL_EN_COURS.libelle, *en_cours,
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
    let cmd = use_command();
    let on_confirm = {
        let cmd = cmd.clone();
        let id = props.structure.id.clone();
        Callback::from(move |_| {
            cmd.run(
                "La structure est désactivée : elle ne peut plus qu'être consultée.",
                |sb, actor, _| org::desactiver_structure(sb, actor, &id),
            );
        })
    };
    let feedback = cmd.feedback();
    html! {
        <section aria-labelledby="titre-desactiver-structure">
            <h3 id="titre-desactiver-structure">{"Désactiver la structure"}</h3>
            {feedback.done_html()}
            <ErrorSummary id="erreurs-desactivation-structure" error={feedback.error.clone()} />
            <p>{"Une structure désactivée ne peut plus émettre ni recevoir de factures ; sa fiche reste consultable."}</p>
            <ConfirmButton id="desactiver-structure" label="Désactiver la structure" danger=true
                question="Désactiver définitivement cette structure ?" confirm_label="Oui, désactiver" {on_confirm} />
        </section>
    }
}
