//! The provider layer: one module per provider, each a set of pure request builders and
//! response parsers. This file holds what they share: the operation list and capabilities.

use crate::model::{Capabilities, Provider};

/// The operations of the unified client (API.md), independent of any provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    Lookup,
    Get,
    List,
    Create,
    Accept,
    Reject,
    Resend,
    Revoke,
    Delete,
    Update,
}

impl Operation {
    pub const ALL: [Operation; 10] = [
        Operation::Lookup,
        Operation::Get,
        Operation::List,
        Operation::Create,
        Operation::Accept,
        Operation::Reject,
        Operation::Resend,
        Operation::Revoke,
        Operation::Delete,
        Operation::Update,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Lookup => "lookup",
            Operation::Get => "get",
            Operation::List => "list",
            Operation::Create => "create",
            Operation::Accept => "accept",
            Operation::Reject => "reject",
            Operation::Resend => "resend",
            Operation::Revoke => "revoke",
            Operation::Delete => "delete",
            Operation::Update => "update",
        }
    }
}

/// Which operations each provider offers, from the cross-provider map in NOTES.md §6.
pub fn capabilities(provider: Provider) -> Capabilities {
    let none = Capabilities {
        lookup: false,
        get: false,
        list: false,
        create: false,
        accept: false,
        reject: false,
        resend: false,
        revoke: false,
        delete: false,
        update: false,
    };
    match provider {
        // T1-T5: lookup by code, accept, reject, bulk create, resend by integer id.
        Provider::Toggl => Capabilities {
            lookup: true,
            create: true,
            accept: true,
            reject: true,
            resend: true,
            ..none
        },
        // J1-J5: no lookup by code, no revoke or delete.
        Provider::Jaqpot => Capabilities {
            get: true,
            list: true,
            create: true,
            accept: true,
            reject: true,
            resend: true,
            ..none
        },
        // G1-G5: lookup by token, accept by PATCH, DELETE revokes.
        Provider::Gencove => Capabilities {
            lookup: true,
            list: true,
            create: true,
            accept: true,
            revoke: true,
            delete: true,
            ..none
        },
        // C1-C8: no lookup by token and no reject.
        Provider::Cloudtruth => Capabilities {
            get: true,
            list: true,
            create: true,
            accept: true,
            resend: true,
            revoke: true,
            delete: true,
            update: true,
            ..none
        },
        // L1-L6: management API only.
        Provider::Logto => Capabilities {
            get: true,
            list: true,
            create: true,
            accept: true,
            resend: true,
            revoke: true,
            delete: true,
            ..none
        },
    }
}

impl Capabilities {
    pub fn allows(&self, op: Operation) -> bool {
        match op {
            Operation::Lookup => self.lookup,
            Operation::Get => self.get,
            Operation::List => self.list,
            Operation::Create => self.create,
            Operation::Accept => self.accept,
            Operation::Reject => self.reject,
            Operation::Resend => self.resend,
            Operation::Revoke => self.revoke,
            Operation::Delete => self.delete,
            Operation::Update => self.update,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn capability_table_matches_api_md() {
        // Rows of API.md's method table: which providers each method covers.
        let table: &[(Operation, &[Provider])] = &[
            (Operation::Lookup, &[Provider::Toggl, Provider::Gencove]),
            (
                Operation::Get,
                &[Provider::Jaqpot, Provider::Cloudtruth, Provider::Logto],
            ),
            (
                Operation::List,
                &[
                    Provider::Jaqpot,
                    Provider::Gencove,
                    Provider::Cloudtruth,
                    Provider::Logto,
                ],
            ),
            (Operation::Create, &Provider::ALL),
            (Operation::Accept, &Provider::ALL),
            (Operation::Reject, &[Provider::Toggl, Provider::Jaqpot]),
            (
                Operation::Resend,
                &[
                    Provider::Toggl,
                    Provider::Jaqpot,
                    Provider::Cloudtruth,
                    Provider::Logto,
                ],
            ),
            (
                Operation::Revoke,
                &[Provider::Gencove, Provider::Cloudtruth, Provider::Logto],
            ),
            (
                Operation::Delete,
                &[Provider::Gencove, Provider::Cloudtruth, Provider::Logto],
            ),
            (Operation::Update, &[Provider::Cloudtruth]),
        ];
        for (op, offered) in table {
            for p in Provider::ALL {
                assert_eq!(
                    capabilities(p).allows(*op),
                    offered.contains(&p),
                    "{p} {}",
                    op.as_str()
                );
            }
        }
    }
}
