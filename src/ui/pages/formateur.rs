//! « Espace formateur »: the sandbox clock, export, import and reset of the whole sandbox, behind
//! the trainer mode (a session code; `domain::simulation::formateur` decides).

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::form::{
    bind, required_note, select_field, success, ErrorSummary, Feedback, TextField,
};
use crate::ui::components::page::Page;
use crate::ui::context::{use_app, AppContext};
use crate::ui::dom;
use crate::ui::route::Route;
use domain::facturation::routage::recoit_des_factures;
use domain::facturation::validation;
use domain::kernel::ids::StructureId;
use domain::kernel::time::{datetime_fr, ClockStep};
use domain::organisation::droits::Application;
use domain::organisation::structure::{Comportement, ComportementValideur, Structure};
use domain::simulation::destinataire;
use domain::simulation::formateur::{self, champs, Etat};
use domain::Sandbox;
use std::rc::Rc;
use storage::backend::ActionError;
use storage::export::{self, Import};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Chromium's localStorage quota per origin, in UTF-16 units (keys included).
const QUOTA_UNITS: usize = 5 * 1024 * 1024;

/// One component for the five panels (each component type costs code in the bundle); each
/// panel is a plain view over its own state.
#[component]
pub fn EspaceFormateur() -> Html {
    let app = use_app();
    let etat = app.backend.borrow().etat_formateur();
    let code = use_state(CodeForm::default);
    let retour = use_state(Feedback::default);
    let sb = app.sandbox();
    let mut publiques: Vec<Rc<Structure>> = sb
        .structures
        .values()
        .filter(|s| recoit_des_factures(s))
        .cloned()
        .collect();
    publiques.sort_by_key(|s| s.raison_sociale.to_lowercase());
    let simulation = Simulation {
        choix: use_state(|| {
            publiques
                .first()
                .map(|s| s.id.to_string())
                .unwrap_or_default()
        }),
        comportement: use_state(|| Comportement::TraiteNormalement.code().to_string()),
        message: use_state(|| None::<String>),
    };
    let mut valideurs: Vec<Rc<Structure>> = sb
        .structures
        .values()
        .filter(|s| s.is_active() && s.applications.contains(&Application::FacturesAValider))
        .cloned()
        .collect();
    valideurs.sort_by_key(|s| s.raison_sociale.to_lowercase());
    let valideur = Simulation {
        choix: use_state(|| {
            valideurs
                .first()
                .map(|s| s.id.to_string())
                .unwrap_or_default()
        }),
        comportement: use_state(|| ComportementValideur::Valide.code().to_string()),
        message: use_state(|| None::<String>),
    };
    let horloge = use_state(|| None::<ActionError>);
    let export = use_state(|| None::<Exporte>);
    let import = use_state(|| ImportState::Idle);
    let reinit = use_state(|| None::<Result<(), String>>);
    let a_la_place = use_state(|| None::<Result<String, String>>);
    // Every hook above runs on each render; outside the trainer mode only the code is asked.
    if etat != Etat::Ouvert {
        return html! {
            <Page route={Route::EspaceFormateur} help={aide_formateur()}>
                {code_panel(&app, etat, &code, &retour)}
            </Page>
        };
    }
    html! {
        <Page route={Route::EspaceFormateur} help={aide_formateur()}>
            <section aria-labelledby="titre-classe" class="panneau">
                <h2 id="titre-classe">{"Session et bilan de la classe"}</h2>
                <p>{"Préparer la session (un lien pour tous les stagiaires), puis réunir leurs fichiers de résultats : tableau, moyennes, CSV."}</p>
                <p>{crate::ui::components::link(Route::BilanClasse, "Session et bilan de la classe", "bouton")}</p>
            </section>
            {scenario_panel(&app, &a_la_place)}
            {clock_panel(&app, &horloge)}
            {simulation_panel(&app, &publiques, &simulation)}
            {valideur_panel(&app, &valideurs, &valideur)}
            {export_panel(&app, &export)}
            {import_panel(&app, &import)}
            {reset_panel(&app, &reinit)}
            {code_panel(&app, etat, &code, &retour)}
        </Page>
    }
}

fn aide_formateur() -> Html {
    html! {
        <>
            <p>{"Les outils du formateur : avancer l'horloge du bac à sable pour faire jouer les délais (lien d'activation de 60 minutes, acquittement sous 7 jours, validation tacite à 15 jours…), choisir comment l'agent simulé d'une entité publique traite les factures, sauvegarder le bac à sable dans un fichier, le restaurer, ou tout remettre à zéro. Ces outils n'existent pas sur le vrai portail."}</p>
            <p>{"Ils s'ouvrent avec un code de session choisi par le formateur à la première visite (au moins 6 caractères). Le code n'est gardé que sous forme d'empreinte ; il part avec un export, et une réinitialisation le conserve. Le mode formateur ne vaut que pour l'onglet où le code a été saisi : « Quitter le mode formateur » le referme."}</p>
            <p>{"Code oublié : effacez les données du site dans le navigateur (paramètres du navigateur, « Effacer les données de navigation » ou « Données des sites ») ; le bac à sable repart vide et le prochain visiteur de l'Espace formateur choisit un nouveau code. Exportez avant si possible : un export garde l'empreinte de l'ancien code. En mode formateur, le code peut être changé à tout moment en bas de cette page."}</p>
        </>
    }
}

#[derive(Clone, Default, PartialEq)]
struct CodeForm {
    code: String,
    confirmation: String,
}

/// Choosing the code (first visit), entering it (another tab or trainee), or changing it (in
/// trainer mode).
fn code_panel(
    app: &AppContext,
    etat: Etat,
    form: &UseStateHandle<CodeForm>,
    retour: &UseStateHandle<Feedback>,
) -> Html {
    let onsubmit = {
        let (app, form, retour) = (app.clone(), form.clone(), retour.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = (*form).clone();
            let result = app.with_backend(|b| match etat {
                Etat::Verrouille => b.entrer_formateur(&f.code),
                Etat::SansCode | Etat::Ouvert => b.choisir_code_formateur(&f.code, &f.confirmation),
            });
            form.set(CodeForm::default());
            retour.set(match result {
                Ok(()) => Feedback {
                    error: None,
                    done: (etat == Etat::Ouvert)
                        .then(|| "Le code formateur a été changé.".to_string()),
                },
                Err(e) => Feedback {
                    error: Some(e),
                    done: None,
                },
            });
        })
    };
    let (titre, texte, bouton) = match etat {
        Etat::SansCode => (
            "Choisir le code formateur",
            "Aucun code formateur n'a encore été choisi dans ce navigateur. Le formateur choisit ici le code de la session : les outils ne s'ouvriront qu'avec lui. Ne le communiquez pas aux stagiaires.",
            "Choisir ce code et entrer en mode formateur",
        ),
        Etat::Verrouille => (
            "Entrer en mode formateur",
            "Ces outils sont réservés au formateur. Saisissez le code formateur choisi pour la session.",
            "Entrer en mode formateur",
        ),
        Etat::Ouvert => (
            "Changer le code formateur",
            "Le nouveau code remplace l'ancien ; les autres onglets en mode formateur devront le saisir.",
            "Changer le code",
        ),
    };
    let fb = (**retour).clone();
    let confirmation = etat != Etat::Verrouille;
    let libelle = if etat == Etat::Ouvert {
        "Nouveau code formateur"
    } else {
        champs::CODE.libelle
    };
    html! {
        <section aria-labelledby="titre-code" class="panneau">
            <h2 id="titre-code">{titre}</h2>
            <p>{texte}</p>
            <ErrorSummary id="resume-erreurs-code" error={fb.error.clone()} />
            <form class="formulaire" {onsubmit} novalidate=true>
                {required_note()}
                <TextField id={champs::CODE.id} label={libelle} input_type="password" required=true
                    autocomplete={Some(AttrValue::Static(if confirmation { "new-password" } else { "current-password" }))}
                    hint={confirmation.then(|| AttrValue::from(format!("Au moins {} caractères.", formateur::MIN_CODE)))}
                    value={form.code.clone()} oninput={bind(form, |f, v| f.code = v)}
                    error={fb.field(champs::CODE)} />
                if confirmation {
                    <TextField id={champs::CONFIRMATION.id} label={champs::CONFIRMATION.libelle} input_type="password" required=true
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        value={form.confirmation.clone()} oninput={bind(form, |f, v| f.confirmation = v)}
                        error={fb.field(champs::CONFIRMATION)} />
                }
                <div class="actions"><button type="submit" class="bouton">{bouton}</button></div>
            </form>
            {fb.done_html()}
        </section>
    }
}

/// « Destinataire simulé »: how each public structure's simulated agent treats the invoices it
/// receives, for trainees practising alone.
struct Simulation {
    choix: UseStateHandle<String>,
    comportement: UseStateHandle<String>,
    message: UseStateHandle<Option<String>>,
}

/// What a simulated agent's panel needs: its texts, the behaviours offered (code, label), the one
/// in force for a structure, and the trainer's command that sets it.
struct Agent {
    titre: &'static str,
    id: &'static str,
    intro: String,
    structure_label: &'static str,
    comportement_label: &'static str,
    comportements: Vec<(String, String)>,
    en_vigueur: fn(&Sandbox, &Structure) -> &'static str,
    regler: fn(&Sandbox, &StructureId, &str) -> Result<domain::Outcome, domain::DomainError>,
}

/// One panel per kind of simulated agent (recipient, valideur): a structure, a behaviour, « Appliquer ».
fn agent_panel(
    app: &AppContext,
    structures: &[Rc<Structure>],
    etat: &Simulation,
    agent: Agent,
) -> Html {
    let sb = app.sandbox();
    let (choix, comportement, message) = (
        etat.choix.clone(),
        etat.comportement.clone(),
        etat.message.clone(),
    );
    let en_vigueur = sb
        .structures
        .get(&StructureId::from(choix.as_str()))
        .map(|s| (agent.en_vigueur)(&sb, s));
    let libelles = agent.comportements.clone();
    let appliquer = {
        let (app, choix, comportement, message, regler) = (
            app.clone(),
            choix.clone(),
            comportement.clone(),
            message.clone(),
            agent.regler,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let id = StructureId::from(choix.as_str());
            let c = (*comportement).clone();
            let r = app.run_formateur(|sb, _| regler(sb, &id, &c));
            let label = libelles
                .iter()
                .find(|(k, _)| *k == c)
                .map(|(_, l)| l.as_str())
                .unwrap_or("");
            message.set(Some(match r {
                Ok(()) => format!("Comportement enregistré : {label}."),
                Err(e) => e.to_string(),
            }));
        })
    };
    let options: Vec<(String, String)> = structures
        .iter()
        .map(|s| {
            (
                s.id.to_string(),
                format!("{} — {}", s.raison_sociale, s.identifier),
            )
        })
        .collect();
    let titre_id = format!("titre-{}", agent.id);
    html! {
        <section aria-labelledby={titre_id.clone()} class="panneau">
            <h2 id={titre_id}>{agent.titre}</h2>
            <p>{agent.intro}</p>
            <form class="formulaire" onsubmit={appliquer} novalidate=true>
                {select_field(&format!("{}_structure", agent.id), agent.structure_label, options, &choix, { let c = choix.clone(); Callback::from(move |v: String| c.set(v)) }, None)}
                if let Some(c) = en_vigueur { <p class="mention" role="status">{format!("En vigueur : {c}.")}</p> }
                {select_field(&format!("{}_comportement", agent.id), agent.comportement_label, agent.comportements, &comportement, { let c = comportement.clone(); Callback::from(move |v: String| c.set(v)) }, None)}
                <div class="actions"><button type="submit" class="bouton">{"Appliquer"}</button></div>
                if let Some(m) = &*message { <p role="status">{m.clone()}</p> }
            </form>
        </section>
    }
}

/// « Destinataire simulé »: how each public structure's simulated agent treats the invoices it
/// receives, for trainees practising alone.
fn simulation_panel(app: &AppContext, publiques: &[Rc<Structure>], etat: &Simulation) -> Html {
    agent_panel(app, publiques, etat, Agent {
        titre: "Destinataire simulé",
        id: "simulation",
        intro: "Pour s'exercer seul côté fournisseur : un agent simulé traite les factures reçues par une structure publique quand l'horloge du bac à sable dépasse ses délais (1 jour pour le premier traitement, puis service fait → mandatée 2 jours plus tard → mise en paiement 3 jours plus tard). Ses actions apparaissent dans l'historique comme faites par l'« Agent simulé du destinataire ». Sans réglage, une structure sans utilisateur traite normalement et une structure qui a des agents les laisse faire.".to_string(),
        structure_label: "Structure publique",
        comportement_label: "Comportement de l'agent simulé",
        comportements: Comportement::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect(),
        en_vigueur: |sb, s| destinataire::comportement(sb, s).label(),
        regler: |sb, id, c| match Comportement::from_code(c) {
            Some(c) => destinataire::regler_simulation(sb, id, c),
            None => Err(domain::DomainError::Rule("Choisissez un comportement.".to_string())),
        },
    })
}

/// « Valideur simulé »: how a structure's simulated valideur answers the A9/A12 invoices it must
/// validate.
fn valideur_panel(app: &AppContext, valideurs: &[Rc<Structure>], etat: &Simulation) -> Html {
    agent_panel(app, valideurs, etat, Agent {
        titre: "Valideur simulé (factures A9 et A12)",
        id: "valideur",
        intro: format!("Pour s'exercer seul côté sous-traitant : le valideur simulé d'une structure (le titulaire) valide ou refuse ses factures à valider {} jours après leur arrivée, ou ne répond pas — la facture est alors validée tacitement après {} jours. Sans réglage, une structure sans utilisateur valide et une structure qui a des agents les laisse faire (ou laisse courir le délai).", validation::DELAI_VALIDEUR_SIMULE_JOURS, validation::DELAI_VALIDATION_JOURS),
        structure_label: "Structure valideur",
        comportement_label: "Comportement du valideur simulé",
        comportements: ComportementValideur::ALL.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect(),
        en_vigueur: |sb, s| validation::comportement_valideur(sb, s).label(),
        regler: |sb, id, c| match ComportementValideur::from_code(c) {
            Some(c) => validation::regler_valideur_simule(sb, id, c),
            None => Err(domain::DomainError::Rule("Choisissez un comportement.".to_string())),
        },
    })
}

fn clock_panel(app: &AppContext, error: &UseStateHandle<Option<ActionError>>) -> Html {
    let error = error.clone();
    let sandbox = app.sandbox();
    let step = |s: ClockStep| {
        let (app, error) = (app.clone(), error.clone());
        Callback::from(move |_| {
            match app.run_formateur(|sb, _| domain::simulation::horloge::advance(sb, s)) {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let reset = {
        let (app, error) = (app.clone(), error.clone());
        Callback::from(move |_| {
            match app.run_formateur(|sb, _| domain::simulation::horloge::reset(sb)) {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(e)),
            }
        })
    };
    html! {
        <section aria-labelledby="titre-horloge" class="panneau">
            <h2 id="titre-horloge">{"Horloge du bac à sable"}</h2>
            <p role="status" id="horloge-actuelle">
                {format!("Date et heure du bac à sable : {} — décalage : {}.", datetime_fr(app.now()), sandbox.clock.offset_label())}
            </p>
            <ErrorSummary error={(*error).clone()} />
            <div class="actions">
                { for [ClockStep::OneHour, ClockStep::OneDay, ClockStep::SevenDays].into_iter().map(|s| html! {
                    <button type="button" class="bouton" onclick={step(s)}>{format!("Avancer de {}", &s.label()[1..])}</button>
                }) }
                <button type="button" class="bouton bouton-secondaire" onclick={reset} disabled={!sandbox.clock.is_shifted()}>{"Revenir à l'heure réelle"}</button>
            </div>
        </section>
    }
}

/// What came of « Exporter mes données »: the file's name and what travelled without its bytes.
type Exporte = Result<(String, Option<String>), String>;

fn export_panel(app: &AppContext, message: &UseStateHandle<Option<Exporte>>) -> Html {
    let message = message.clone();
    let used = app.backend.borrow().storage_used();
    let onclick = {
        let (app, message) = (app.clone(), message.clone());
        Callback::from(move |_| {
            let (app, message) = (app.clone(), message.clone());
            // The attachment bytes are read from IndexedDB: asynchronous.
            wasm_bindgen_futures::spawn_local(async move {
                message.set(Some(app.exporter().await));
            });
        })
    };
    let percent = used * 100 / QUOTA_UNITS;
    html! {
        <section aria-labelledby="titre-export" class="panneau">
            <h2 id="titre-export">{"Exporter le bac à sable"}</h2>
            <p>{"Enregistre tout le bac à sable (comptes, messages, factures et le contenu de leurs pièces jointes, horloge…) dans un fichier JSON, pour le garder ou le rejouer sur un autre poste. Les mots de passe n'y figurent que sous forme d'empreintes."}</p>
            <p>{format!("Espace de stockage utilisé : {} Kio sur environ {} Mio ({percent} %).", used * 2 / 1024, QUOTA_UNITS * 2 / (1024 * 1024))}</p>
            <button type="button" class="bouton" {onclick}>{"Exporter mes données"}</button>
            if let Some(result) = &*message {
                {match result {
                    Ok((name, avertissement)) => html! { <>
                        {success(html!{ <><p>{format!("Fichier « {name} » proposé au téléchargement.")}</p></> })}
                        if let Some(a) = avertissement { <p class="alerte alerte-avertissement" role="status">{a.clone()}</p> }
                    </> },
                    Err(e) => html! { <p class="alerte alerte-erreur" role="alert">{e.clone()}</p> },
                }}
            }
        </section>
    }
}

/// A validated import waiting for confirmation.
#[derive(Clone, PartialEq)]
struct Pending {
    file_name: String,
    /// Behind an Rc: it may hold up to 150 Mo of attachment bytes.
    import: Rc<Import>,
}

#[derive(Clone, PartialEq)]
enum ImportState {
    Idle,
    Reading(String),
    Invalid(String, String),
    Ready(Pending),
    Done(String),
}

fn import_panel(app: &AppContext, state: &UseStateHandle<ImportState>) -> Html {
    let state = state.clone();
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let name = file.name();
            state.set(ImportState::Reading(name.clone()));
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Size first (never read a huge file), then the bytes, decoded strictly as UTF-8.
                let result = if file.size() > export::MAX_IMPORT_BYTES as f64 {
                    Err(export::too_big(file.size() as usize))
                } else {
                    match dom::read_bytes(&file).await {
                        Ok(bytes) => export::validate_import_bytes(&bytes).map(Rc::new),
                        Err(e) => Err(e),
                    }
                };
                state.set(match result {
                    Ok(import) => ImportState::Ready(Pending {
                        file_name: name,
                        import,
                    }),
                    Err(message) => ImportState::Invalid(name, message),
                });
            });
            input.set_value("");
        })
    };
    let on_confirm = {
        let (app, state) = (app.clone(), state.clone());
        Callback::from(move |_| {
            if let ImportState::Ready(p) = &*state {
                let (app, state, p) = (app.clone(), state.clone(), p.clone());
                state.set(ImportState::Reading(p.file_name.clone()));
                // Attachment bytes first (IndexedDB), then the records: asynchronous.
                wasm_bindgen_futures::spawn_local(async move {
                    match app.importer(&p.import).await {
                        Ok(()) => state.set(ImportState::Done(p.file_name.clone())),
                        Err(e) => {
                            state.set(ImportState::Invalid(p.file_name.clone(), e.to_string()))
                        }
                    }
                });
            }
        })
    };
    html! {
        <section aria-labelledby="titre-import" class="panneau">
            <h2 id="titre-import">{"Importer un bac à sable"}</h2>
            <p>{"Remplace tout le bac à sable par le contenu d'un fichier exporté. Le fichier est entièrement vérifié avant : s'il contient la moindre erreur, rien n'est modifié."}</p>
            <div class="champ">
                <label for="fichier-import">{"Fichier d'export (.json)"}</label>
                <input id="fichier-import" type="file" accept=".json,application/json" {onchange} disabled={app.read_only()} />
            </div>
            {match &*state {
                ImportState::Idle => html! {},
                ImportState::Reading(name) => html! { <p role="status">{format!("Lecture et vérification de « {name} »…")}</p> },
                ImportState::Invalid(name, message) => html! {
                    <div class="alerte alerte-erreur" role="alert">
                        <p>{format!("Le fichier « {name} » n'a pas été importé ; le bac à sable actuel n'a pas changé.")}</p>
                        <p>{message.clone()}</p>
                    </div>
                },
                ImportState::Ready(p) => html! {
                    <div class="alerte alerte-info" role="status">
                        <p>{format!("Fichier « {} » vérifié : {}.", p.file_name, p.import.resume())}</p>
                        <ConfirmButton id="confirmer-import" label="Remplacer le bac à sable par ce fichier" danger=true
                            question="Tout le contenu actuel du bac à sable sera remplacé. Continuer ?" confirm_label="Oui, remplacer" {on_confirm} />
                    </div>
                },
                ImportState::Done(name) => html! { {success(html!{ <><p>{format!("Le bac à sable a été remplacé par le contenu de « {name} ».")}</p></> })} },
            }}
        </section>
    }
}

fn reset_panel(app: &AppContext, done: &UseStateHandle<Option<Result<(), String>>>) -> Html {
    let done = done.clone();
    let on_confirm = {
        let (app, done) = (app.clone(), done.clone());
        Callback::from(move |_| {
            let result = app
                .replace_all_formateur(Vec::new())
                .map_err(|e| e.to_string());
            if result.is_ok() {
                app.logout();
            }
            done.set(Some(result));
        })
    };
    html! {
        <section aria-labelledby="titre-reinit" class="panneau">
            <h2 id="titre-reinit">{"Réinitialiser le bac à sable"}</h2>
            <p>{"Efface tous les comptes, messages et données de ce navigateur, et remet l'horloge à l'heure réelle. Le code formateur est conservé. Pensez à exporter avant si vous voulez garder quelque chose."}</p>
            <ConfirmButton id="reinitialiser" label="Tout réinitialiser" danger=true disabled={app.read_only()}
                question="Effacer définitivement tout le contenu du bac à sable dans ce navigateur ?" confirm_label="Oui, tout effacer" {on_confirm} />
            {match &*done {
                Some(Ok(())) => html! { {success(html!{ <><p>{"Le bac à sable a été réinitialisé."}</p></> })} },
                Some(Err(e)) => html! { <p class="alerte alerte-erreur" role="alert">{e.clone()}</p> },
                None => html! {},
            }}
        </section>
    }
}

/// « Scénario en cours »: the trainer unblocks a trainee by doing the current step in their
/// place (its solution run as the trainee, the step marked done by the trainer, in one outcome).
fn scenario_panel(
    app: &AppContext,
    message: &UseStateHandle<Option<Result<String, String>>>,
) -> Html {
    use formation::parcours;
    let sb = app.sandbox();
    let Some((sc, p)) = parcours::en_cours(&sb) else {
        return html! { <div class="sans-scenario"></div> };
    };
    let etape = parcours::courante(sc, &p).and_then(|i| parcours::etape(sc, i));
    let onclick = {
        let (app, message) = (app.clone(), message.clone());
        let titre = etape.map(|(_, e)| e.titre).unwrap_or_default();
        Callback::from(move |_| {
            let r = app.run_formateur(parcours::faire_a_la_place);
            message.set(Some(
                r.map(|()| format!("Étape « {titre} » faite à la place du stagiaire."))
                    .map_err(|e| e.to_string()),
            ));
        })
    };
    html! {
        <section aria-labelledby="titre-scenario-formateur" class="panneau">
            <h2 id="titre-scenario-formateur">{"Scénario en cours"}</h2>
            <p>{format!("« {} »{} — temps passé : {}.", sc.titre, if p.stagiaire.is_empty() { String::new() } else { format!(", stagiaire : {}", p.stagiaire) }, parcours::temps_passe(&p, app.backend.borrow().real_now()))}</p>
            if let Some((_, e)) = etape {
                <p>{format!("Étape en cours : « {} ».", e.titre)}</p>
                <div class="actions"><button type="button" class="bouton" {onclick}>{"Faire l'étape à la place du stagiaire"}</button></div>
            } else {
                <p>{"Toutes les étapes sont faites."}</p>
            }
            if let Some(m) = &**message {
                <p role="status" class={if m.is_ok() { "succes" } else { "alerte" }}>{ match m { Ok(t) | Err(t) => t.clone() } }</p>
            }
        </section>
    }
}
