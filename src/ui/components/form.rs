//! Form fields with real labels, hints and errors next to them, and the error summary at the top.

use crate::ui::dom;
use domain::kernel::error::FieldId;
use domain::DomainError;
use storage::backend::ActionError;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Element id; also the domain's field name, so errors land on the right field.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// The id of a `<datalist>` of suggestions (the text stays free).
    #[prop_or_default]
    pub list: Option<AttrValue>,
}

/// A labelled input. The hint and error are linked with `aria-describedby`.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                cb.emit(input.value());
            }
        })
    };
    let hint_id = format!("{}-aide", props.id);
    let error_id = format!("{}-erreur", props.id);
    let mut described = Vec::new();
    if props.hint.is_some() {
        described.push(hint_id.clone());
    }
    if props.error.is_some() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    html! {
        <div class={classes!("champ", props.error.is_some().then_some("champ-en-erreur"))}>
            <label for={props.id.clone()}>
                {props.label.clone()}
                if props.required { <span class="obligatoire" aria-hidden="true">{" *"}</span> }
            </label>
            if let Some(hint) = &props.hint {
                <p class="aide-champ" id={hint_id}>{hint.clone()}</p>
            }
            if let Some(error) = &props.error {
                <p class="erreur-champ" id={error_id}>{error.clone()}</p>
            }
            <input
                id={props.id.clone()}
                name={props.id.clone()}
                type={props.input_type.clone()}
                value={props.value.clone()}
                {oninput}
                required={props.required}
                aria-required={props.required.then_some("true")}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={described}
                autocomplete={props.autocomplete.clone()}
                list={props.list.clone()}
            />
        </div>
    }
}

/// The explanation of the asterisk, once per form.
pub fn required_note() -> Html {
    html! { <p class="note-obligatoire">{"Les champs marqués d'un astérisque (*) sont obligatoires."}</p> }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub error: Option<ActionError>,
    /// Element id (unique in the page when it has several forms).
    #[prop_or(AttrValue::Static("resume-erreurs"))]
    pub id: AttrValue,
}

/// « Le formulaire contient des erreurs »: one link per field error, plus any general message.
/// Storage errors are shown by the page-wide alert instead.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    // A failed submit takes the keyboard (and the eyes) to the summary at the top of the form.
    {
        let id = props.id.clone();
        let shown = matches!(props.error, Some(ActionError::Domain(_)));
        use_effect_with(props.error.clone(), move |_| {
            if shown {
                dom::focus(&id);
            }
        });
    }
    // Always an element, never an empty fragment: Yew 0.23 loses track of an empty component's
    // position when its next sibling is replaced, and then panics on insertion.
    let Some(ActionError::Domain(error)) = &props.error else {
        return html! { <div class="resume-erreurs-vide" hidden=true></div> };
    };
    let items: Html = error
        .field_errors()
        .iter()
        .map(|fe| {
            // Each error links to its field; the label comes with the field's id (`Champ`).
            let target = fe.field.dom_id().into_owned();
            // Each field named once (the domain decides: `FieldError::resume`).
            let text = fe.resume();
            let key = target.clone();
            let onclick = Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                dom::focus(&target);
            });
            html! {
                <li {key}>
                    <button type="button" class="lien" {onclick}>{text}</button>
                </li>
            }
        })
        .collect();
    let general = match error {
        DomainError::Invalid(_) => None,
        other => Some(other.to_string()),
    };
    html! {
        <div class="resume-erreurs" role="alert" tabindex="-1" id={props.id.clone()}>
            if let Some(message) = general {
                <p>{message}</p>
            } else {
                <p><strong>{"Le formulaire contient des erreurs :"}</strong></p>
                <ul>{items}</ul>
            }
        </div>
    }
}

/// The error message of one field, if the last action failed on it.
pub fn field_error(error: &Option<ActionError>, field: impl Into<FieldId>) -> Option<String> {
    let field = field.into();
    error
        .as_ref()
        .and_then(|e| e.domain())
        .and_then(|e| e.for_field(field.clone()))
        .map(str::to_string)
}

/// A confirmation that an action worked.
pub fn success(content: Html) -> Html {
    html! { <div class="succes" role="status">{content}</div> }
}

/// Builds the `oninput` callback that writes one field of a form held in a `use_state`.
pub fn bind<F: Clone + 'static>(
    state: &UseStateHandle<F>,
    set: fn(&mut F, String),
) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v: String| {
        let mut f = (*state).clone();
        set(&mut f, v);
        state.set(f);
    })
}

/// A labelled drop-down list (a function, not a component: cheaper in the bundle).
pub fn select_field(
    id: &str,
    label: &str,
    options: Vec<(String, String)>,
    value: &str,
    onchange: Callback<String>,
    error: Option<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        if let Some(s) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            onchange.emit(s.value());
        }
    });
    let error_id = format!("{id}-erreur");
    html! {
        <div class={classes!("champ", error.is_some().then_some("champ-en-erreur"))}>
            <label for={id.to_string()}>{label.to_string()}</label>
            if let Some(e) = &error { <p class="erreur-champ" id={error_id.clone()}>{e.clone()}</p> }
            <select id={id.to_string()} name={id.to_string()} {onchange} aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then_some(error_id)}>
                { for options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    html! { <option value={v} {selected}>{l}</option> }
                }) }
            </select>
        </div>
    }
}

/// A checkbox with its label after it, and an optional error above.
pub fn checkbox(
    id: &str,
    label: &str,
    checked: bool,
    onchange: Callback<bool>,
    error: Option<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        if let Some(i) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            onchange.emit(i.checked());
        }
    });
    let error_id = format!("{id}-erreur");
    html! {
        <div class={classes!("champ-case", error.is_some().then_some("champ-en-erreur"))}>
            if let Some(e) = &error { <p class="erreur-champ" id={error_id.clone()}>{e.clone()}</p> }
            <input type="checkbox" id={id.to_string()} name={id.to_string()} {checked} {onchange}
                aria-describedby={error.is_some().then_some(error_id)} />
            <label for={id.to_string()}>{label.to_string()}</label>
        </div>
    }
}

/// The outcome of a form's submit, kept in one state: the error to show, or a success message.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feedback {
    pub error: Option<ActionError>,
    pub done: Option<String>,
}

impl Feedback {
    pub fn field(&self, field: impl Into<FieldId>) -> Option<String> {
        field_error(&self.error, field)
    }

    /// The success message, if the last submit worked, in a live region that is always there
    /// (announced when it fills; and a stable node for Yew's reconciliation).
    pub fn done_html(&self) -> Html {
        html! {
            <div role="status" class="zone-statut">
                if let Some(m) = &self.done { <div class="succes"><p>{m.clone()}</p></div> }
            </div>
        }
    }
}
