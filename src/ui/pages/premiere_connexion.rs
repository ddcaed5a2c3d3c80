//! First connection: the choice the portal offers to an account without a structure.

use crate::ui::components::link;
use crate::ui::components::page::Page;
use crate::ui::route::Route;
use yew::prelude::*;

pub fn premiere_connexion(app: &crate::ui::context::AppContext) -> Html {
    let name = app.account().map(|a| a.full_name()).unwrap_or_default();
    html! {
        <Page route={Route::PremiereConnexion} help={html!{
            <p>{"Sur Chorus Pro, un compte seul ne sert à rien : on dépose et on traite des factures au nom d'une structure (entreprise, entité publique). À la première connexion, le portail propose donc de créer la fiche de votre structure ou de demander votre rattachement à une structure qui existe déjà."}</p>
        }}>
            <p>{format!("Bonjour {name}, votre compte n'est rattaché à aucune structure. Que souhaitez-vous faire ?")}</p>
            <ul class="tuiles">
                <li class="tuile">
                    <h2>{"Créer une nouvelle structure"}</h2>
                    <p>{"Votre entreprise n'est pas encore inscrite : vous créez sa fiche (SIRET ou autre identifiant) et en devenez le gestionnaire principal."}</p>
                    {link(Route::CreerStructure, "Créer une nouvelle structure", "bouton")}
                </li>
                <li class="tuile">
                    <h2>{"Se rattacher à une structure existante"}</h2>
                    <p>{"Votre entreprise ou votre entité publique est déjà inscrite : vous demandez votre rattachement, que son gestionnaire principal validera."}</p>
                    {link(Route::Rattachement, "Se rattacher à une structure existante", "bouton")}
                </li>
            </ul>
        </Page>
    }
}
