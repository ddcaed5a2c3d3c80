//! « Session et bilan de la classe » (Espace formateur, trainer mode only): the session's settings
//! and the one link for the trainees; then the trainees' results files dropped all at once, read
//! by `formation::bilan::rapport` (a bad file named with its problem, the others loaded, the
//! latest file of a trainee kept): the table, the group's means, the breakdown by objective (an
//! SVG chart and the same figures as a table), the CSV and a printable summary.

use crate::ui::components::form::{checkbox, required_note, TextField};
use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::context::use_app;
use crate::ui::dom;
use crate::ui::pages::evaluation::{aide, el, entetes, tableau, Tableau};
use crate::ui::route::Route;
use domain::kernel::time::datetime_fr;
use domain::simulation::formateur::Etat;
use formation::bilan::{self, champs, FormulaireSession, Rapport};
use formation::{catalogue, qcm};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where the trainer's last session settings are kept (the link's query, read back through the
/// same checks as a trainee's link).
const CLE_SESSION: &str = "cpsb-formation-session";

fn stockage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn formulaire_initial() -> FormulaireSession {
    stockage()
        .and_then(|s| s.get_item(CLE_SESSION).ok().flatten())
        .and_then(|q| bilan::session_du_lien(&q).ok())
        .map(|s| FormulaireSession::depuis(&s))
        .unwrap_or_else(|| FormulaireSession {
            heures: "7".into(),
            questions: qcm::LONGUEUR_DEFAUT.to_string(),
            ..FormulaireSession::default()
        })
}

/// The app's address up to the hash (works on any host or sub-path).
fn base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The session form's text fields: id, label, input type, hint (`de..a` slices of it are drawn).
const CHAMPS: [(&str, &str, &str, Option<&str>); 8] = [
    (champs::TITRE, "Intitulé de la formation", "text", None),
    (champs::DU, "Du", "date", None),
    (champs::AU, "Au", "date", Some("Le même jour si vide.")),
    (champs::HEURES, "Durée (heures)", "text", Some("Par exemple « 7 » ou « 3,5 »."), ),
    (champs::ORGANISME, "Organisme de formation (raison sociale)", "text", None),
    (champs::REPRESENTANT, "Représentant légal de l'organisme", "text", None),
    (champs::LIEU, "Lieu (« Fait à … »)", "text", None),
    (champs::QUESTIONS, "Nombre de questions du test de positionnement", "number", Some("De 12 à 20 : les mêmes questions avant et après, choisies d'abord dans les objectifs des scénarios retenus.")),
];

#[component]
pub fn BilanClasse() -> Html {
    let app = use_app();
    let form = use_state(formulaire_initial);
    let erreurs = use_state(Vec::<(&'static str, String)>::new);
    let lien = use_state(|| None::<String>);
    let fichiers = use_state(Vec::<(String, String)>::new);
    let lecture = use_state(|| None::<String>);
    let csv_message = use_state(|| None::<String>);
    let route = Route::BilanClasse;
    let help = aide(&[
        "Préparez la session (intitulé, dates, durée, organisme de formation, scénarios, longueur du test de positionnement) : vous obtenez un lien unique à donner à tous les stagiaires. Chacun y saisit son nom, passe le test « avant », fait les exercices, passe le test « après » et exporte ses résultats (un petit fichier).",
        "Déposez ensuite tous les fichiers d'un coup : un fichier abîmé ou étranger est signalé avec son problème sans empêcher les autres ; deux fichiers du même stagiaire, le plus récent compte. Rien ne quitte ce navigateur.",
    ]);
    if app.backend.borrow().etat_formateur() != Etat::Ouvert {
        return html! {
            <Page {route} {help}>
                {el("p", "alerte", "alert", "Cette page est réservée au formateur : entrez d'abord en mode formateur.")}
                {el("p", "", "", link(Route::EspaceFormateur, "Espace formateur", "bouton"))}
            </Page>
        };
    }
    let erreur = |champ: &str| erreurs.iter().find(|e| e.0 == champ).map(|e| e.1.clone());
    // The text fields, drawn from `CHAMPS` (`de..a`).
    let champs = |de: usize, a: usize| {
        html! { <>{ for CHAMPS.iter().skip(de).take(a - de).map(|&(id, label, input_type, hint)| {
            let f = form.clone();
            let oninput = Callback::from(move |v: String| {
                let mut x = (*f).clone();
                if let Some(t) = x.texte_mut(id) {
                    *t = v;
                }
                f.set(x);
            });
            let valeur = (*form).clone().texte_mut(id).map(|t| t.clone()).unwrap_or_default();
            html! {
                <TextField id={id} label={label} value={valeur} {oninput} required=true
                    input_type={AttrValue::Static(input_type)} error={erreur(id)} hint={hint.map(AttrValue::Static)} />
            }
        }) }</> }
    };
    let onsubmit = {
        let (form, erreurs, lien) = (form.clone(), erreurs.clone(), lien.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.valider() {
                Ok(s) => {
                    let q = bilan::requete_session(&s);
                    if let Some(st) = stockage() {
                        let _ = st.set_item(CLE_SESSION, &q);
                    }
                    erreurs.set(Vec::new());
                    lien.set(Some(format!("{}#/session?{q}", base())));
                }
                Err(e) => {
                    if let Some((id, _)) = e.first() {
                        dom::focus(id);
                    }
                    erreurs.set(e);
                    lien.set(None);
                }
            }
        })
    };
    let ajouter = {
        let (fichiers, lecture) = (fichiers.clone(), lecture.clone());
        Callback::from(move |liste: web_sys::FileList| {
            let (fichiers, lecture) = (fichiers.clone(), lecture.clone());
            let files: Vec<web_sys::File> =
                (0..liste.length()).filter_map(|i| liste.get(i)).collect();
            lecture.set(Some(format!("Lecture de {} fichier(s)…", files.len())));
            wasm_bindgen_futures::spawn_local(async move {
                let mut tous = (*fichiers).clone();
                for f in files {
                    let texte = if f.size() > bilan::TAILLE_MAX_RESULTATS as f64 {
                        // Not read: the report names it as too large.
                        "x".repeat(bilan::TAILLE_MAX_RESULTATS + 1)
                    } else {
                        match dom::read_bytes(&f).await {
                            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                            Err(_) => String::new(),
                        }
                    };
                    tous.push((f.name(), texte));
                }
                lecture.set(None);
                fichiers.set(tous);
            });
        })
    };
    let onchange = {
        Callback::from(move |e: Event| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                if let Some(l) = i.files() {
                    ajouter.emit(l);
                }
                i.set_value("");
            }
        })
    };
    let rapport = Rc::new(bilan::rapport(&fichiers));
    let vider = {
        let fichiers = fichiers.clone();
        Callback::from(move |_| fichiers.set(Vec::new()))
    };
    let exporter_csv = {
        let (rapport, csv_message) = (rapport.clone(), csv_message.clone());
        Callback::from(move |_| {
            let r = bilan::csv(&rapport)
                .map_err(|e| e.to_string())
                .and_then(|t| dom::download("bilan-classe.csv", "text/csv;charset=utf-8", &t));
            csv_message.set(Some(match r {
                Ok(()) => "Bilan exporté dans « bilan-classe.csv ».".into(),
                Err(e) => e,
            }));
        })
    };
    let f = &*form;
    html! {
        <Page {route} {help}>
            <section aria-labelledby="titre-session" class="panneau sans-impression">
                <h2 id="titre-session">{"Session de formation"}</h2>
                <form {onsubmit} novalidate=true>
                    {required_note()}
                    {champs(0, 1)}
                    <div class="grille-ligne">{champs(1, 4)}</div>
                    {champs(4, 7)}
                    <fieldset class="bloc" id={champs::SCENARIOS} tabindex="-1">
                        <legend>{"Scénarios de la journée *"}</legend>
                        if let Some(e) = erreur(champs::SCENARIOS) { {el("p", "erreur-champ", "", e)} }
                        { for catalogue().iter().map(|sc| {
                            let (form, id) = (form.clone(), sc.id);
                            let coche = f.scenarios.iter().any(|s| s == sc.id);
                            checkbox(&format!("session-sc-{}", sc.id), &format!("{} ({})", sc.titre, sc.duree()), coche,
                                Callback::from(move |c: bool| {
                                    let mut x = (*form).clone();
                                    x.scenarios.retain(|s| s != id);
                                    if c { x.scenarios.push(id.to_string()); }
                                    form.set(x);
                                }), None)
                        }) }
                    </fieldset>
                    {champs(7, 8)}
                    <p><button type="submit" class="bouton">{"Créer le lien de la session"}</button></p>
                </form>
                if let Some(l) = &*lien {
                    <div class="succes" role="status">
                        {el("p", "", "", "Lien à donner à tous les stagiaires :")}
                        <p><code id="lien-session" class="empreinte">{l.clone()}</code></p>
                    </div>
                }
            </section>
            <section aria-labelledby="titre-bilan" class="bilan-classe">
                <h2 id="titre-bilan">{"Bilan de la classe"}</h2>
                <div class="zone-depot sans-impression">
                    <label for="fichiers-resultats">{"Fichiers de résultats des stagiaires (choisissez-en plusieurs à la fois, ou glissez-les sur ce bouton)"}</label>
                    <input id="fichiers-resultats" type="file" multiple=true accept=".json,application/json" {onchange} />
                </div>
                if let Some(m) = &*lecture { {el("p", "", "status", m.clone())} }
                {vue_rapport(&rapport)}
                if !rapport.lignes.is_empty() || !rapport.erreurs.is_empty() {
                    <p class="actions sans-impression">
                        <button type="button" class="bouton" onclick={exporter_csv} disabled={rapport.lignes.is_empty()}>{"Exporter en CSV"}</button>
                        <button type="button" class="bouton bouton-secondaire" onclick={Callback::from(|_| dom::print())}>{"Imprimer le bilan"}</button>
                        <button type="button" class="bouton bouton-secondaire" onclick={vider}>{"Vider le bilan"}</button>
                    </p>
                }
                if let Some(m) = &*csv_message { {el("p", "", "status", m.clone())} }
            </section>
        </Page>
    }
}

/// The report: files set aside, the table, the means, the objectives (chart and table).
fn vue_rapport(r: &Rapport) -> Html {
    let scenarios = bilan::scenarios_du_rapport(r);
    let m = bilan::moyennes(r);
    let objectifs = bilan::objectifs_classe(r);
    html! {
        <>
            if !r.erreurs.is_empty() {
                <div class="alerte" role="alert">
                    {el("p", "", "", "Fichiers non retenus :")}
                    <ul>{ for r.erreurs.iter().map(|(n, e)| html! { {el("li", "", "", format!("« {n} » : {e}"))} }) }</ul>
                </div>
            }
            if !r.remplaces.is_empty() {
                {el("p", "", "status", format!("Remplacés par un fichier plus récent du même stagiaire : {}.", r.remplaces.join(", ")))}
            }
            if r.lignes.is_empty() {
                {el("p", "", "", "Aucun fichier de résultats chargé pour l'instant.")}
            } else {
                <div class="defilement" tabindex="0" role="region" aria-label="Tableau des résultats par stagiaire (défilement horizontal)">
                    {tableau(tableau_classe(r, &scenarios))}
                </div>
                {el("h3", "", "", "Moyennes du groupe")}
                <ul id="moyennes-classe">
                    { for moyennes_fr(&m).into_iter().map(|t| html! { {el("li", "", "", t)} }) }
                </ul>
                if !objectifs.is_empty() {
                    {el("h3", "", "", "Par objectif")}
                    {graphique(&objectifs)}
                    {tableau(Tableau {
                        id: Some("tableau-objectifs"),
                        legende: "Bonnes réponses par objectif, moyenne du groupe".into(),
                        entetes: entetes(&["Objectif", "Avant", "Après"]),
                        classes: vec!["", "nombre", "nombre"],
                        lignes: objectifs.iter().map(|(o, av, ap)| vec![o.label().to_string(), bilan::pct_fr(*av), bilan::pct_fr(*ap)]).collect(),
                    })}
                }
            }
        </>
    }
}

/// The class table: one row per trainee, one column per step of the report's scenarios.
fn tableau_classe(r: &Rapport, scenarios: &[&'static formation::Scenario]) -> Tableau {
    let mut entetes = entetes(&["Stagiaire", "Scénario"]);
    let mut classes = vec!["", ""];
    for sc in scenarios {
        for (i, (_, e)) in sc.etapes().enumerate() {
            entetes.push((
                format!("{} {}", sc.titre, i + 1),
                format!("{} — {}", sc.titre, e.titre),
            ));
            classes.push("");
        }
    }
    for t in ["QCM avant", "QCM après", "g", "Exporté le"] {
        entetes.push((t.to_string(), String::new()));
    }
    classes.extend(["nombre", "nombre", "nombre", ""]);
    let tiret = || "—".to_string();
    let lignes = r
        .lignes
        .iter()
        .map(|l| {
            let mut c = vec![
                if l.stagiaire.is_empty() {
                    l.fichier.clone()
                } else {
                    l.stagiaire.clone()
                },
                l.scenario.titre.to_string(),
            ];
            for sc in scenarios {
                for i in 0..sc.nombre_etapes() {
                    c.push(if sc.id == l.scenario.id {
                        l.etapes
                            .get(i)
                            .map(|(r, m)| bilan::cellule_etape(*r, *m))
                            .unwrap_or_default()
                    } else {
                        tiret()
                    });
                }
            }
            c.push(l.avant.map(|s| s.texte()).unwrap_or_else(tiret));
            c.push(l.apres.map(|s| s.texte()).unwrap_or_else(tiret));
            c.push(if l.avant.is_some() && l.apres.is_some() {
                bilan::gain_fr(l.gain)
            } else {
                tiret()
            });
            c.push(datetime_fr(l.exporte));
            c
        })
        .collect();
    Tableau {
        id: Some("tableau-classe"),
        legende: format!("Résultats par stagiaire ({})", r.lignes.len()),
        entetes,
        classes,
        lignes,
    }
}

/// The group's means in words (which mean of g is shown is said).
fn moyennes_fr(m: &bilan::Moyennes) -> [String; 4] {
    [
        format!("Test avant : {} de bonnes réponses en moyenne ({} stagiaire(s))", bilan::pct_fr(m.avant_pct), m.n_avant),
        format!("Test après : {} de bonnes réponses en moyenne ({} stagiaire(s))", bilan::pct_fr(m.apres_pct), m.n_apres),
        format!("Gain normalisé : moyenne des g individuels = {} (sur {} stagiaire(s) ayant passé les deux tests, g calculable){}", m.gain_moyen.map(qcm::centiemes_fr).unwrap_or_else(|| "non calculable".into()), m.n_gain, m.gain_moyen.map(|g| format!(", niveau {}", qcm::niveau_gain(g))).unwrap_or_default()),
        format!("Pour comparaison, g des moyennes de la classe = {} (les deux mesures diffèrent : la première est celle affichée dans le tableau).", bilan::gain_fr(m.gain_des_moyennes)),
    ]
}

/// Bars per objective, before and after (0–100 %); the table below holds the same figures.
fn graphique(objectifs: &[(qcm::Objectif, Option<i64>, Option<i64>)]) -> Html {
    const GAUCHE: i64 = 230;
    const LARGEUR: i64 = 300;
    let hauteur = i64::try_from(objectifs.len()).unwrap_or_default() * 40 + 30;
    let barre = |y: i64, p: Option<i64>, classe: &'static str| {
        let w = p.unwrap_or_default().clamp(0, 100) * LARGEUR / 100;
        html! {
            <>
                <rect x={GAUCHE.to_string()} y={y.to_string()} width={w.to_string()} height="14" class={classe} />
                <text x={(GAUCHE + w + 6).to_string()} y={(y + 7).to_string()} class="graphique-nombre">{bilan::pct_fr(p)}</text>
            </>
        }
    };
    html! {
        <svg class="graphique" viewBox={format!("0 0 600 {hauteur}")} role="img" aria-labelledby="titre-graphique-objectifs">
            <title id="titre-graphique-objectifs">{"Bonnes réponses par objectif, avant (clair) et après (foncé) : les mêmes chiffres figurent dans le tableau qui suit."}</title>
            { for objectifs.iter().enumerate().map(|(i, (o, av, ap))| {
                let y = i64::try_from(i).unwrap_or_default() * 40 + 4;
                html! {
                    <g>
                        <text x={(GAUCHE - 8).to_string()} y={(y + 15).to_string()} class="graphique-libelle">{o.label()}</text>
                        {barre(y, *av, "barre-brouillon")}
                        {barre(y + 16, *ap, "barre-encours")}
                    </g>
                }
            }) }
            <text x={GAUCHE.to_string()} y={(hauteur - 6).to_string()} class="graphique-nombre">{"Avant : barre claire · Après : barre foncée"}</text>
        </svg>
    }
}
