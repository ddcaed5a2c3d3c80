//! Sollicitations: « Mes sollicitations » (the sender's tabs), « Nous contacter » (a new one, or a
//! draft), « Sollicitations reçues » (a public structure's services) and one sollicitation with
//! its conversation and the actions the domain allows (`sollicitations::gestes`).

use super::structure_de_travail;
use crate::ui::components::form::{bind, select_field, ErrorSummary, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::{use_app, AppContext};
use crate::ui::hooks::{use_command, CommandHandle};
use crate::ui::route::Route;
use domain::facturation::routage;
use domain::kernel::ids::SollicitationId;
use domain::kernel::text::pluriel;
use domain::kernel::time::{datetime_fr, paris_date};
use domain::organisation::droits::Action;
use domain::simulation::support::DELAI_SUPPORT_HEURES;
use domain::sollicitations::{
    self as so, champs, Categorie, Destinataire, Formulaire, Geste, Onglet, Routage, Sens,
    Sollicitation, SousCategorie, Vue,
};
use domain::Sandbox;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

/// Who receives it, in words.
fn destinataire(sb: &Sandbox, s: &Sollicitation) -> String {
    match &s.destinataire {
        Some(Destinataire::Support) => "Support Chorus Pro".to_string(),
        Some(Destinataire::Service { structure, code }) => format!(
            "{} — service {code}",
            sb.structures
                .get(structure)
                .map(|x| x.display_name().to_string())
                .unwrap_or_default()
        ),
        None => "—".to_string(),
    }
}

/// The tab buttons (a plain view): each says its count; the chosen one is pressed.
fn onglets(tab: &UseStateHandle<Onglet>, tabs: &[Onglet], count: impl Fn(Onglet) -> usize) -> Html {
    html! {
        <div class="onglets" role="group" aria-label="Onglets">
            <ul>
                { for tabs.iter().map(|t| {
                    let (tab2, t2) = (tab.clone(), *t);
                    let pressed = **tab == *t;
                    html! { <li><button type="button" class={classes!("onglet", pressed.then_some("actif"))} aria-pressed={pressed.to_string()}
                        onclick={Callback::from(move |_| tab2.set(t2))}>{format!("{} ({})", t.label(), count(*t))}</button></li> }
                }) }
            </ul>
        </div>
    }
}

/// The list of a tab (a plain view).
fn tableau(sb: &Sandbox, list: &[&Rc<Sollicitation>]) -> Html {
    if list.is_empty() {
        return html! { <p class="vide">{"Aucune sollicitation dans cet onglet."}</p> };
    }
    html! {
        <table class="tableau">
            <caption>{pluriel(list.len(), "sollicitation", "sollicitations")}</caption>
            <thead><tr>
                <th scope="col">{"Numéro"}</th><th scope="col">{"Titre"}</th><th scope="col">{"Catégorie / sous-catégorie"}</th>
                <th scope="col">{"Destinataire"}</th><th scope="col">{"État"}</th><th scope="col">{"Mise à jour"}</th>
            </tr></thead>
            <tbody>
                { for list.iter().map(|s| {
                    let numero = if s.numero.is_empty() { "Brouillon".to_string() } else { s.numero.clone() };
                    html! {
                        <tr key={s.id.to_string()}>
                            <td>{link(Route::Sollicitation { id: s.id.to_string() }, numero, "")}</td>
                            <td>{s.titre.clone()}</td>
                            <td>{format!("{} / {}", s.sous_categorie.categorie().label(), s.sous_categorie.label())}</td>
                            <td>{destinataire(sb, s)}</td>
                            <td>{s.etat().label()}</td>
                            <td>{datetime_fr(s.modifiee_le())}</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// « Mes sollicitations » (the sender's four tabs and « Nous contacter ») or « Sollicitations
/// reçues » of the structure de travail (its services', three tabs): a plain view of the page.
fn liste(app: &AppContext, tab: &UseStateHandle<Onglet>, recues: bool) -> Html {
    let sb = app.sandbox();
    let Some(actor) = app.account().map(|a| a.id.clone()) else {
        return html! {};
    };
    if recues {
        let route = Route::Sollicitation {
            id: "recues".into(),
        };
        let a =
            match structure_de_travail(app, Action::ConsulterSollicitationsRecues, route.clone()) {
                Ok(a) => a,
                Err(page) => return page,
            };
        let list = so::recues(&sb, &a.structure.id, **tab);
        return html! {
            <Page route={route.clone()} title={Some(AttrValue::from(format!("{} — {}", route.title(), a.structure.display_name())))}
                parents={Some(vec![Route::Accueil, Route::Organisation])} help={html!{
                <p>{"Les questions que des utilisateurs adressent aux services de votre structure. « Actions requises » : les nouvelles, celles que le demandeur a complétées ou renvoyées. Ouvrez-en une pour répondre, demander un complément d'information ou la transférer au support Chorus Pro si elle ne relève pas de vous."}</p>
            }}>
                {onglets(tab, &Onglet::ALL[..3], |t| so::recues(&sb, &a.structure.id, t).len())}
                {tableau(&sb, &list)}
            </Page>
        };
    }
    let list = so::mes_sollicitations(&sb, &actor, **tab);
    html! {
        <Page route={Route::Sollicitation { id: "mes".into() }} parents={Some(vec![Route::Accueil])} help={html!{
            <p>{format!("Vos demandes au support Chorus Pro ou au service d'une entité publique (« Nous contacter »). « Actions requises » : on vous a répondu ou demandé un complément ; clôturez la sollicitation, complétez-la ou renvoyez-la si la réponse ne vous satisfait pas. « En cours » : elle attend son destinataire. Dans le bac à sable, le support simulé répond {DELAI_SUPPORT_HEURES} heures plus tard sur l'horloge (le formateur peut l'avancer). Chaque étape arrive aussi dans la Messagerie.")}</p>
        }}>
            <p class="actions">{link(Route::Sollicitation { id: "nouvelle".into() }, "Nous contacter", "bouton")}</p>
            {onglets(tab, &Onglet::ALL, |t| so::mes_sollicitations(&sb, &actor, t).len())}
            {tableau(&sb, &list)}
        </Page>
    }
}

/// The form a draft opens with.
fn depuis(sb: &Sandbox, s: &Sollicitation) -> Formulaire {
    let (structure, service) = match &s.destinataire {
        Some(Destinataire::Service { structure, code }) => (
            sb.structures
                .get(structure)
                .map(|x| x.identifier.clone())
                .unwrap_or_default(),
            code.clone(),
        ),
        _ => (String::new(), String::new()),
    };
    Formulaire {
        sous_categorie: s.sous_categorie.code().to_string(),
        structure,
        service,
        titre: s.titre.clone(),
        description: s.description.clone(),
    }
}

fn textarea(
    id: &'static str,
    label: &str,
    value: &str,
    oninput: Callback<String>,
    error: Option<String>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(t) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            oninput.emit(t.value());
        }
    });
    let error_id = format!("{id}-erreur");
    html! {
        <div class={classes!("champ", error.is_some().then_some("champ-en-erreur"))}>
            <label for={id}>{label.to_string()}<span class="obligatoire" aria-hidden="true">{" *"}</span></label>
            if let Some(e) = &error { <p class="erreur-champ" id={error_id.clone()}>{e.clone()}</p> }
            <textarea {id} rows="5" value={value.to_string()} {oninput} aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then_some(error_id)} />
        </div>
    }
}

/// « Nous contacter »: catégorie, sous-catégorie (which decide the receiver), the service when
/// it is a public structure's, title and description; « Soumettre » or « Enregistrer le brouillon ».
/// The hooks of the sollicitation page, shared by its two faces.
struct Etats {
    form: UseStateHandle<Formulaire>,
    categorie: UseStateHandle<Option<Categorie>>,
}

/// « Nous contacter » (a plain view of the page): a new sollicitation or a draft.
fn nous_contacter(
    app: &AppContext,
    cmd: &CommandHandle,
    navigator: &Option<Navigator>,
    etats: &Etats,
    brouillon: Option<&Sollicitation>,
) -> Html {
    let (form, categorie) = (&etats.form, &etats.categorie);
    let id = brouillon.map(|s| s.id.clone());
    let sb = app.sandbox();
    let ouvrir = |navigator: &Option<Navigator>, id: SollicitationId| {
        if let Some(n) = navigator {
            n.push(&Route::Sollicitation { id: id.to_string() });
        }
    };
    let soumettre = {
        let (cmd, form, id, navigator) = (cmd.clone(), form.clone(), id.clone(), navigator.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (cmd, f, id, navigator) =
                (cmd.clone(), (*form).clone(), id.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = cmd
                    .try_run_unique(true, |sb, actor, now| {
                        so::envoyer(sb, actor, id.as_ref(), &f, now)
                    })
                    .await;
                match r {
                    Some(Ok(new)) => ouvrir(&navigator, new),
                    Some(Err(e)) => cmd.fail(e),
                    None => {}
                }
            });
        })
    };
    let brouillon = {
        let (cmd, form, id, navigator) = (cmd.clone(), form.clone(), id.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            let f = (*form).clone();
            match cmd.try_run(|sb, actor, now| {
                so::enregistrer_brouillon(sb, actor, id.as_ref(), &f, now)
            }) {
                Some(Ok(new)) => ouvrir(&navigator, new),
                Some(Err(e)) => cmd.fail(e),
                None => {}
            }
        })
    };
    let supprimer = {
        let (cmd, id, navigator) = (cmd.clone(), id.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(id) = id.clone() else { return };
            if let Some(Ok(())) =
                cmd.try_run(|sb, actor, _| so::supprimer_brouillon(sb, actor, &id))
            {
                if let Some(n) = &navigator {
                    n.push(&Route::Sollicitation { id: "mes".into() });
                }
            }
        })
    };
    let fb = cmd.feedback();
    let mut cats = vec![(String::new(), "— Choisissez une catégorie —".to_string())];
    cats.extend(
        Categorie::ALL
            .iter()
            .map(|c| (c.label().to_string(), c.label().to_string())),
    );
    let on_cat = {
        let (categorie, form) = (categorie.clone(), form.clone());
        Callback::from(move |v: String| {
            categorie.set(Categorie::ALL.into_iter().find(|c| c.label() == v));
            let mut f = (*form).clone();
            f.sous_categorie.clear();
            form.set(f);
        })
    };
    let mut sous = vec![(
        String::new(),
        "— Choisissez une sous-catégorie —".to_string(),
    )];
    sous.extend(
        SousCategorie::ALL
            .iter()
            .filter(|s| Some(s.categorie()) == **categorie)
            .map(|s| (s.code().to_string(), s.label().to_string())),
    );
    let choisie = SousCategorie::from_code(&form.sous_categorie);
    let service = match choisie.map(|s| s.routage()) {
        Some(Routage::ServiceMetier) => {
            let services = match routage::destinataire_par_identifiant(&sb, &form.structure) {
                Ok(s) => {
                    let mut opts = vec![(String::new(), "— Choisissez le service —".to_string())];
                    opts.extend(
                        routage::services_actifs(&sb, &s.id, paris_date(app.now()))
                            .into_iter()
                            .map(|sv| (sv.code.clone(), format!("{} — {}", sv.code, sv.libelle))),
                    );
                    html! {
                        <>
                            <p class="encadre">{s.raison_sociale.clone()}</p>
                            {select_field(champs::SERVICE.id, champs::SERVICE.libelle, opts, &form.service, bind(form, |f, v| f.service = v), fb.field(champs::SERVICE))}
                        </>
                    }
                }
                Err(_) => {
                    html! { if let Some(e) = fb.field(champs::SERVICE) { <p class="erreur-champ">{e}</p> } }
                }
            };
            html! {
                <>
                    <p>{"Votre demande part au service « métier » de l'entité publique que vous indiquez (son identifiant et ses services sont dans l'annuaire)."}</p>
                    <TextField id={champs::STRUCTURE.id} label={champs::STRUCTURE.libelle} required=true value={form.structure.clone()}
                        oninput={bind(form, |f, v| f.structure = v)} error={fb.field(champs::STRUCTURE)} />
                    <div class="recyclage-services">{services}</div>
                </>
            }
        }
        Some(Routage::Support) => {
            html! { <p class="encadre">{"Votre demande part au support Chorus Pro."}</p> }
        }
        None => html! {},
    };
    let busy = cmd.busy();
    html! {
        <Page route={Route::Sollicitation { id: "nouvelle".into() }} title={Some(AttrValue::Static("Nous contacter"))} help={html!{
            <p>{"La catégorie et la sous-catégorie décident qui vous répondra : le support Chorus Pro (compte, connexion, rattachement, questions sur le portail) ou le service d'une entité publique (le traitement ou le paiement d'une facture). Un numéro de sollicitation vous est donné à l'envoi ; la réponse arrive dans « Mes sollicitations » et dans la Messagerie. Sur le portail actuel, l'assistant ClaudIA et le chat précèdent le ticket : ils ne sont pas simulés ici."}</p>
        }}>
            <ErrorSummary id="erreurs-sollicitation" error={fb.error.clone()} />
            <form class="formulaire" onsubmit={soumettre} novalidate=true>
                <fieldset class="bloc">
                    <legend>{"Catégorie"}</legend>
                    {select_field("categorie", "Catégorie", cats, categorie.map(|c| c.label()).unwrap_or_default(), on_cat, None)}
                    {select_field(champs::SOUS_CATEGORIE.id, "Sous-catégorie", sous, &form.sous_categorie, bind(form, |f, v| f.sous_categorie = v), fb.field(champs::SOUS_CATEGORIE))}
                    {service}
                </fieldset>
                <fieldset class="bloc">
                    <legend>{"Votre demande"}</legend>
                    <TextField id={champs::TITRE.id} label={champs::TITRE.libelle} required=true value={form.titre.clone()}
                        oninput={bind(form, |f, v| f.titre = v)} error={fb.field(champs::TITRE)} />
                    {textarea(champs::TEXTE.id, champs::TEXTE.libelle, &form.description, bind(form, |f, v| f.description = v), fb.field(champs::TEXTE))}
                </fieldset>
                <div class="actions">
                    <button type="submit" class="bouton" disabled={busy}>{if busy { "Envoi en cours…" } else { "Soumettre" }}</button>
                    <button type="button" class="bouton bouton-secondaire" onclick={brouillon}>{"Enregistrer le brouillon"}</button>
                    if id.is_some() { <button type="button" class="bouton bouton-secondaire" onclick={supprimer}>{"Supprimer le brouillon"}</button> }
                </div>
            </form>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

/// The buttons of the gestes: the geste, its label, what is said once done.
const GESTES: [(Geste, &str, &str); 6] = [
    (
        Geste::Reponse,
        "Répondre",
        "Votre réponse est envoyée au demandeur.",
    ),
    (
        Geste::DemandeComplement,
        "Demander un complément",
        "Le demandeur est invité à compléter sa demande.",
    ),
    (
        Geste::TransfertSupport,
        "Transférer au support",
        "La sollicitation est transférée au support Chorus Pro.",
    ),
    (
        Geste::Complement,
        "Envoyer le complément",
        "Votre complément est envoyé.",
    ),
    (
        Geste::Renvoi,
        "Renvoyer (réponse insatisfaisante)",
        "La sollicitation est renvoyée à son destinataire.",
    ),
    (Geste::Cloture, "Clôturer", "La sollicitation est clôturée."),
];

/// Whether the domain allows this geste now.
fn permis(g: &so::Gestes, x: Geste) -> bool {
    match x {
        Geste::Reponse => g.repondre,
        Geste::DemandeComplement => g.demander_complement,
        Geste::TransfertSupport => g.transferer_support,
        Geste::Complement => g.completer,
        Geste::Renvoi => g.renvoyer,
        Geste::Cloture => g.cloturer,
        Geste::Envoi => false,
    }
}

/// Runs one geste with the message typed.
fn geste(
    cmd: &CommandHandle,
    id: &SollicitationId,
    texte: &UseStateHandle<String>,
    g: Geste,
    vue: Vue,
    done: &'static str,
) -> Callback<MouseEvent> {
    let (cmd, id, texte) = (cmd.clone(), id.clone(), texte.clone());
    Callback::from(move |_| {
        let t = (*texte).clone();
        let ok = cmd.run(done, |sb, actor, now| match vue {
            Vue::Demandeur => so::repondre_demandeur(sb, actor, &id, g, &t, now),
            Vue::Destinataire => so::traiter(sb, actor, &id, g, &t, now),
        });
        if ok.is_some() {
            texte.set(String::new());
        }
    })
}

/// The sollicitations' one page (`#/sollicitations/<id>`): the lists (`mes`, `recues`), « Nous
/// contacter » (`nouvelle`, or a draft), one sollicitation's conversation and the actions
/// allowed now. One component, one route: each costs about 4 KB of wasm.
#[component]
pub fn PageSollicitation(p: &Props) -> Html {
    let app = use_app();
    let cmd = use_command();
    let navigator = use_navigator();
    let texte = use_state(String::new);
    let tab = use_state(|| Onglet::ActionsRequises);
    let route = Route::Sollicitation { id: p.id.clone() };
    let sb = app.sandbox();
    let id = SollicitationId::from(p.id.as_str());
    // A draft opens the form as it was saved (the page is keyed by id in `render`).
    let brouillon = sb
        .sollicitations
        .get(&id)
        .filter(|s| s.etat() == so::Etat::Brouillon)
        .cloned();
    let etats = Etats {
        form: {
            let (sb, b) = (sb.clone(), brouillon.clone());
            use_state(move || b.map(|s| depuis(&sb, &s)).unwrap_or_default())
        },
        categorie: {
            let b = brouillon.clone();
            use_state(move || b.map(|s| s.sous_categorie.categorie()))
        },
    };
    match p.id.as_str() {
        "nouvelle" => return nous_contacter(&app, &cmd, &navigator, &etats, None),
        "mes" => return liste(&app, &tab, false),
        "recues" => return liste(&app, &tab, true),
        _ => {}
    }
    let Some(actor) = app.account().map(|a| a.id.clone()) else {
        return html! {};
    };
    let fb = cmd.feedback();
    let Some(s) = sb.sollicitations.get(&id).cloned() else {
        return html! {
            <Page {route} help={html!{ <p>{"Vos sollicitations sont dans « Mes sollicitations »."}</p> }}>
                {fb.done_html()}
                <p class="alerte" role="alert">{"Cette sollicitation n'existe pas (ou plus)."}</p>
                <p>{link(Route::Sollicitation { id: "mes".into() }, "Mes sollicitations", "")}</p>
            </Page>
        };
    };
    let Some(vue) = so::vue(&sb, &actor, &s) else {
        return html! {
            <Page {route} title={Some(AttrValue::Static("Accès refusé"))} help={html!{ <p>{"Une sollicitation se lit par son auteur et par les agents habilités du service qui la reçoit."}</p> }}>
                <p class="alerte alerte-erreur" role="alert">{"Accès refusé : cette sollicitation ne vous est ni adressée ni envoyée par vous."}</p>
            </Page>
        };
    };
    if vue == Vue::Demandeur && brouillon.is_some() {
        return nous_contacter(&app, &cmd, &navigator, &etats, Some(&s));
    }
    let g = so::gestes(&sb, &actor, &s);
    let parents = (vue == Vue::Destinataire).then(|| {
        vec![
            Route::Accueil,
            Route::Sollicitation {
                id: "recues".into(),
            },
        ]
    });
    let messages: Html = s
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let qui = match (&m.par, m.geste.sens()) {
                (Some(p), _) => sb.comptes.get(p).map(|a| a.full_name()).unwrap_or_else(|| "Utilisateur supprimé".to_string()),
                (None, Sens::Destinataire) => "Support Chorus Pro (simulé)".to_string(),
                (None, Sens::Demandeur) => "—".to_string(),
            };
            html! {
                <li key={i} class={classes!("message", if m.geste.sens() == Sens::Demandeur { "message-demandeur" } else { "message-destinataire" })}>
                    <p><strong>{m.geste.label()}</strong>{format!(" — {qui}, le {}", datetime_fr(m.at))}</p>
                    if !m.texte.is_empty() { <p class="texte-long">{m.texte.clone()}</p> }
                </li>
            }
        })
        .collect();
    let agir = g != so::Gestes::default();
    html! {
        <Page {route} title={Some(AttrValue::from(format!("Sollicitation n° {}", s.numero)))} {parents} help={html!{
            <p>{"La conversation de la sollicitation, du plus ancien au plus récent message, et ce que vous pouvez faire maintenant : le service destinataire répond, demande un complément d'information ou transfère au support ; le demandeur complète, renvoie une réponse insatisfaisante ou clôture."}</p>
        }}>
            {fb.done_html()}
            <ErrorSummary id="erreurs-geste" error={fb.error.clone()} />
            <dl class="references">
                <dt>{"Titre"}</dt><dd>{s.titre.clone()}</dd>
                <dt>{"État"}</dt><dd>{s.etat().label()}</dd>
                <dt>{"Catégorie / sous-catégorie"}</dt><dd>{format!("{} / {}", s.sous_categorie.categorie().label(), s.sous_categorie.label())}</dd>
                <dt>{"Destinataire"}</dt><dd>{destinataire(&sb, &s)}</dd>
                <dt>{"Demandeur"}</dt><dd>{sb.comptes.get(&s.auteur).map(|a| a.full_name()).unwrap_or_default()}</dd>
            </dl>
            <h2>{"Échanges"}</h2>
            <ol class="messages">{messages}</ol>
            if agir {
                <section class="panneau" aria-labelledby="titre-agir">
                    <h2 id="titre-agir">{"Répondre"}</h2>
                    {textarea(champs::REPONSE.id, champs::REPONSE.libelle, &texte, { let t = texte.clone(); Callback::from(move |v: String| t.set(v)) }, fb.field(champs::REPONSE))}
                    <p class="actions">
                        { for GESTES.iter().filter(|(x, ..)| permis(&g, *x)).map(|&(x, label, done)| html! {
                            <button type="button" class="bouton" onclick={geste(&cmd, &id, &texte, x, vue, done)}>{label}</button>
                        }) }
                    </p>
                </section>
            }
        </Page>
    }
}
