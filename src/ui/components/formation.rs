//! The exercise panel, above every page while a training scenario runs: the steps and their
//! state, the current instruction, « Vérifier » with its sub-results, « Indice », « Voir la
//! solution » (recorded), « Recommencer l'exercice », the time spent and the documents. One
//! component (its state: the last check's results); every decision comes from
//! `formation::parcours`.

use crate::ui::components::confirm::ConfirmButton;
use crate::ui::components::link;
use crate::ui::context::{use_app, AppContext};
use crate::ui::route::Route;
use domain::kernel::text::pluriel;
use formation::parcours::{self, Etat};
use formation::{Critere, Document};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A scenario document as the trainee reads it (`titre_h2`: its title is a level-2 heading, on
/// the documents page; a level-3 one in the panel).
pub fn document(d: &Document, titre_h2: bool) -> Html {
    let titre = if titre_h2 {
        html! { <h2>{d.titre}</h2> }
    } else {
        html! { <h3>{d.titre}</h3> }
    };
    html! {
        <article class="document-scenario">
            {titre}
            <p class="mention">{d.emetteur}</p>
            <dl>
                { for d.lignes.iter().map(|(l, v)| html! { <div><dt>{*l}</dt><dd>{*v}</dd></div> }) }
            </dl>
        </article>
    }
}

/// The checks' sub-results: ✓ / ✗ seen, « Correct : » / « À corriger : » heard.
fn criteres(liste: &[Critere]) -> Html {
    html! {
        <ul class="criteres">
            { for liste.iter().map(|c| html! {
                <li class={if c.ok { "critere-ok" } else { "critere-ko" }}>
                    <span aria-hidden="true">{if c.ok { "✓ " } else { "✗ " }}</span>
                    <span class="visually-hidden">{if c.ok { "Correct : " } else { "À corriger : " }}</span>
                    {c.message.clone()}
                </li>
            }) }
        </ul>
    }
}

fn erreur_fr(e: storage::backend::ActionError) -> String {
    e.to_string()
}

#[component]
pub fn PanneauScenario() -> Html {
    let app = use_app();
    // The last check: (step index, sub-results).
    let resultat = use_state(|| None::<(usize, Vec<Critere>)>);
    let erreur = use_state(|| None::<String>);
    let sb = app.sandbox();
    let Some((sc, p)) = parcours::en_cours(&sb) else {
        // Always an element (see ARCHITECTURE.md, « Yew 0.23 quirk »).
        return html! { <div class="panneau-scenario-absent"></div> };
    };
    let etats = parcours::etats(sc, &p);
    let courante = parcours::courante(sc, &p);
    let etat_courant = courante
        .and_then(|i| p.etapes.get(i).copied())
        .unwrap_or_default();
    let verifier = {
        let (app, resultat, erreur) = (app.clone(), resultat.clone(), erreur.clone());
        Callback::from(move |_| {
            let trouve: Rc<RefCell<Vec<Critere>>> = Rc::default();
            let t = trouve.clone();
            let r = app.run(move |sb, _| {
                let Some((sc, p)) = parcours::en_cours(sb) else {
                    return Ok(domain::Outcome::new());
                };
                let v = parcours::verifier(sc, &p, sb, crate::ui::dom::real_now());
                *t.borrow_mut() = v.criteres;
                Ok(v.reussite.unwrap_or_default())
            });
            let i = courante.unwrap_or_default();
            resultat.set(Some((i, trouve.take())));
            erreur.set(r.err().map(erreur_fr));
        })
    };
    let montrer = |solution: bool| {
        let (app, erreur) = (app.clone(), erreur.clone());
        Callback::from(move |_| {
            let r = app.run(move |sb, _| {
                Ok(parcours::en_cours(sb)
                    .map(|(sc, p)| parcours::montrer(sc, &p, solution))
                    .unwrap_or_default())
            });
            erreur.set(r.err().map(erreur_fr));
        })
    };
    let recommencer = {
        let (app, erreur, resultat) = (app.clone(), erreur.clone(), resultat.clone());
        Callback::from(move |_| {
            let sb = app.sandbox();
            let Some((sc, p)) = parcours::en_cours(&sb) else {
                return;
            };
            let r = parcours::recommencer(sc, &p, app.now())
                .map_err(|e| e.to_string())
                .and_then(|records| app.remplacer_par_scenario(records).map_err(erreur_fr));
            if r.is_ok() {
                if let Some(c) = p.compte.clone() {
                    app.login(c);
                }
                resultat.set(None);
            }
            erreur.set(r.err());
        })
    };
    let temps = parcours::temps_passe(&p, app.backend.borrow().real_now());
    let total = sc.nombre_etapes();
    let faites = etats
        .iter()
        .filter(|e| matches!(e, Etat::Faite | Etat::FaiteParFormateur))
        .count();
    let etape = courante.and_then(|i| parcours::etape(sc, i));
    html! {
        <aside class="panneau-scenario" aria-labelledby="titre-scenario">
            <details open=true>
                <summary>
                    <span id="titre-scenario">{format!("Scénario : {}", sc.titre)}</span>
                    {format!(" — {} sur {total} · {temps}", pluriel(faites, "étape faite", "étapes faites"))}
                </summary>
                <div class="panneau-scenario-corps">
                    if !p.stagiaire.is_empty() { <p class="mention">{format!("Stagiaire : {}", p.stagiaire)}</p> }
                    <ol class="etapes-scenario">
                        { for sc.etapes().zip(etats.iter()).map(|((x, e), etat)| html! {
                            <li class={format!("etape-{}", match etat { Etat::Faite | Etat::FaiteParFormateur => "faite", Etat::Courante => "courante", Etat::AFaire => "a-faire" })}
                                aria-current={(*etat == Etat::Courante).then_some("step")}>
                                {format!("{} — {} ", sc.exercices.get(x).map(|x| x.titre).unwrap_or_default(), e.titre)}
                                <span class="etat-etape">{format!("({})", etat.label())}</span>
                            </li>
                        }) }
                    </ol>
                    if let Some((x, e)) = etape {
                        <section aria-labelledby="titre-consigne" class="consigne">
                            <h2 id="titre-consigne">{format!("À faire : {}", e.titre)}</h2>
                            <p>{e.consigne}</p>
                            if etat_courant.indice { <p class="indice"><strong>{"Indice : "}</strong>{e.indice}</p> }
                            if etat_courant.solution { <p class="solution"><strong>{"Solution : "}</strong>{e.solution}</p> }
                            <div class="actions">
                                <button type="button" class="bouton" onclick={verifier}>{"Vérifier"}</button>
                                <button type="button" class="bouton bouton-secondaire" onclick={montrer(false)} disabled={etat_courant.indice}>{"Indice"}</button>
                                <button type="button" class="bouton bouton-secondaire" onclick={montrer(true)} disabled={etat_courant.solution}>{"Voir la solution"}</button>
                                <ConfirmButton id="recommencer-exercice" label="Recommencer l'exercice"
                                    question={format!("Recommencer l'exercice « {} » ? Le bac à sable revient à son état de départ, les exercices précédents résolus.", sc.exercices.get(x).map(|x| x.titre).unwrap_or_default())}
                                    on_confirm={recommencer} />
                            </div>
                        </section>
                    } else {
                        <p class="succes" role="status">{"Scénario terminé : toutes les étapes sont faites. Bravo !"}</p>
                    }
                    <div role="status" aria-live="polite" class="resultat-verification">
                        if let Some((i, liste)) = &*resultat {
                            <p>{ if Some(*i) == courante { "Vérification : l'étape n'est pas encore terminée." } else { "Vérification : étape réussie." } }</p>
                            {criteres(liste)}
                        }
                        if let Some(m) = &*erreur { <p class="alerte">{m.clone()}</p> }
                    </div>
                    <details class="documents-scenario">
                        <summary>{format!("Documents ({})", sc.documents.len())}</summary>
                        { for sc.documents.iter().map(|d| document(d, false)) }
                        <p>{link(Route::DocumentsScenario, "Ouvrir les documents pour les imprimer", "")}</p>
                    </details>
                    <p class="liens-formation">
                        {link(Route::Positionnement { moment: "avant".into() }, "Test de positionnement « avant »", "")}{" · "}
                        {link(Route::Positionnement { moment: "apres".into() }, "Test « après »", "")}{" · "}
                        {link(Route::Resultats, "Mes résultats et attestation", "")}{" · "}
                        {link(Route::Comprendre { sujet: "contexte".into() }, "Comprendre", "")}
                    </p>
                </div>
            </details>
        </aside>
    }
}

/// The running scenario's documents, printable.
pub fn documents(app: &AppContext) -> Html {
    let sb = app.sandbox();
    let page = |contenu: Html| {
        html! {
            <crate::ui::components::page::Page route={Route::DocumentsScenario} help={html!{
                <p>{"Les documents du scénario en cours : c'est là que vous lisez les informations à saisir, comme dans la vraie vie (bon de commande, fiche d'identité…)."}</p>
            }}>{contenu}</crate::ui::components::page::Page>
        }
    };
    match parcours::en_cours(&sb) {
        Some((sc, _)) => page(html! {
            <>
                <p class="actions"><button type="button" class="bouton" onclick={Callback::from(|_| crate::ui::dom::print())}>{"Imprimer"}</button></p>
                { for sc.documents.iter().map(|d| document(d, true)) }
            </>
        }),
        None => page(html! {
            <p>{"Aucun scénario n'est en cours. "}{link(Route::Scenarios, "Voir les scénarios de formation", "")}</p>
        }),
    }
}
