//! A destructive action asks for confirmation in place: the button opens a small alert dialog with
//! « Confirmer » and « Annuler »; focus moves into it and comes back on cancel.

use crate::ui::dom;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    pub id: AttrValue,
    /// Text of the button that opens the confirmation.
    pub label: AttrValue,
    /// The question asked.
    pub question: AttrValue,
    #[prop_or(AttrValue::Static("Confirmer"))]
    pub confirm_label: AttrValue,
    pub on_confirm: Callback<()>,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub danger: bool,
}

#[component]
pub fn ConfirmButton(props: &ConfirmProps) -> Html {
    let open = use_state(|| false);
    let dialog_id = format!("{}-confirmation", props.id);
    let confirm_id = format!("{}-confirmer", props.id);
    {
        let confirm_id = confirm_id.clone();
        use_effect_with(*open, move |open| {
            if *open {
                dom::focus(&confirm_id);
            }
        });
    }
    let show = {
        let open = open.clone();
        Callback::from(move |_| open.set(true))
    };
    let cancel = {
        let open = open.clone();
        let id = props.id.to_string();
        Callback::from(move |_| {
            open.set(false);
            dom::focus(&id);
        })
    };
    let confirm = {
        let open = open.clone();
        let cb = props.on_confirm.clone();
        Callback::from(move |_| {
            open.set(false);
            cb.emit(());
        })
    };
    let class = classes!("bouton", props.danger.then_some("bouton-danger"));
    html! {
        <>
            <button type="button" id={props.id.clone()} class={class.clone()} onclick={show}
                disabled={props.disabled} aria-expanded={(*open).to_string()}>
                {props.label.clone()}
            </button>
            if *open {
                <div class="confirmation" role="alertdialog" aria-modal="false"
                    aria-labelledby={format!("{dialog_id}-question")} id={dialog_id.clone()}>
                    <p id={format!("{dialog_id}-question")}>{props.question.clone()}</p>
                    <div class="actions">
                        <button type="button" id={confirm_id} class={class} onclick={confirm}>{props.confirm_label.clone()}</button>
                        <button type="button" class="bouton bouton-secondaire" onclick={cancel}>{"Annuler"}</button>
                    </div>
                </div>
            }
        </>
    }
}
