//! HTML pages: the service maps its state into the view data of `templates`.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/hjaelp", get(help))
}

async fn landing(State(state): State<AppState>) -> Html<String> {
    let view = templates::LandingView {
        indexed_documents: state.index.num_documents(),
    };
    Html(templates::landing(&view).into_string())
}

async fn help() -> Html<String> {
    Html(templates::help().into_string())
}
