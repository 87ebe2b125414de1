//! `kontraktarkiv user …`: accounts and tokens from the command line. The first admin comes from here;
//! there is no default password. Every change is audited with the local actor `cli:<os user>`.

use std::io::Read;
use std::process::ExitCode;

use clap::Subcommand;
use storage::access::Role;
use storage::catalog::NewUser;
use storage::model::Forvaltning;

use crate::config::Config;
use crate::ops::local_actor;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user; prints its first API token on the last line, once.
    Add {
        name: String,
        /// enhed, digitaliseringskontor, koncern_it, revisor or admin.
        #[arg(long)]
        role: Role,
        /// The forvaltning's code (ØKF, BUF, KFF, SUF, SOF, TMF, BIF); required for enhed and
        /// digitaliseringskontor.
        #[arg(long)]
        forvaltning: Option<Forvaltning>,
        #[arg(long)]
        unit: Option<String>,
        /// The name shown in the header; defaults to NAME.
        #[arg(long)]
        display_name: Option<String>,
        /// Also set a password for browser login, read from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users and their tokens (never a secret).
    List,
    /// Disable a user: its tokens, sessions and password stop working.
    Disable { name: String },
    /// Issue a new API token; prints it on the last line, once.
    Token {
        name: String,
        /// Days until the token expires; never when absent.
        #[arg(long)]
        expires: Option<u32>,
        /// What the token is for (shown by `user list`).
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// Revoke a token by its id (from `user list`).
    Revoke { token_id: String },
    /// Set a user's password, read from standard input.
    Password { name: String },
}

pub async fn run(config: Config, command: UserCommand) -> anyhow::Result<ExitCode> {
    let (catalog, _) = config.open_durable().await?;
    let actor = local_actor();
    match command {
        UserCommand::Add {
            name,
            role,
            forvaltning,
            unit,
            display_name,
            password_stdin,
        } => {
            let new = NewUser {
                name: name.clone(),
                display_name,
                role,
                forvaltning,
                unit,
            };
            let user = catalog.add_user(&actor, &new).await?;
            if password_stdin {
                catalog
                    .set_password(&actor, &name, &read_password()?)
                    .await?;
            }
            let token = catalog.issue_token(&actor, &name, "first", None).await?;
            println!(
                "user {} ({}) created; its API token, shown once:",
                user.name,
                user.role.as_str()
            );
            println!("{}", token.secret);
        }
        UserCommand::List => {
            let tokens = catalog.list_tokens(None).await?;
            for u in catalog.list_users().await? {
                let f = u.forvaltning.map(|f| f.as_str()).unwrap_or("-");
                let state = if u.disabled { "disabled" } else { "active" };
                println!(
                    "{}\t{}\t{f}\t{}\t{state}",
                    u.name,
                    u.role.as_str(),
                    u.display_name
                );
                for t in tokens.iter().filter(|t| t.user_name == u.name) {
                    let until = t.expires_at.as_deref().unwrap_or("no expiry");
                    let revoked = if t.revoked_at.is_some() {
                        " (revoked)"
                    } else {
                        ""
                    };
                    println!("  token {}\t{}\t{until}{revoked}", t.id, t.name);
                }
            }
        }
        UserCommand::Disable { name } => {
            catalog.disable_user(&actor, &name).await?;
            println!("user {name} disabled");
        }
        UserCommand::Token {
            name,
            expires,
            label,
        } => {
            let expires = expires.map(|d| chrono::Utc::now() + chrono::Duration::days(d.into()));
            let token = catalog.issue_token(&actor, &name, &label, expires).await?;
            println!("token {} for {name}, shown once:", token.id);
            println!("{}", token.secret);
        }
        UserCommand::Revoke { token_id } => {
            catalog.revoke_token(&actor, &token_id).await?;
            println!("token {token_id} revoked");
        }
        UserCommand::Password { name } => {
            catalog
                .set_password(&actor, &name, &read_password()?)
                .await?;
            println!("password of {name} set");
        }
    }
    // The change is made; a head file that can no longer advance (the log was cut short) is reported, not
    // papered over, and `verify --audit` names the gap.
    if let Err(e) = catalog.write_audit_head().await {
        eprintln!("warning: audit head file not updated: {e}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The password from standard input: the first line, without its line end.
fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    // The catalog checks the length rule.
    Ok(input.lines().next().unwrap_or("").to_string())
}
