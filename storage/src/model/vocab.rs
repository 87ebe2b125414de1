//! The closed vocabularies of the register and of document metadata (DESIGN "HTTP API"; KITOS words).

use super::vocabulary;

vocabulary!(
    /// A system's category under §6 of the circular.
    SystemCategory {
        Infrastructure = "infrastructure",
        GenericAdministrative = "generic_administrative",
        Specialist = "specialist",
        CrossCuttingSpecialist = "cross_cutting_specialist",
        JointPublic = "joint_public",
        Utility = "utility",
    }
);

vocabulary!(
    /// The network a system runs on (§0.7: BUF's pedagogical network is separate).
    Network {
        Administrative = "administrative",
        Pedagogical = "pedagogical",
    }
);

vocabulary!(
    /// KITOS's life cycle (under indfasning, i drift, under udfasning, ikke i drift).
    Lifecycle {
        PhasingIn = "phasing_in",
        Operational = "operational",
        PhasingOut = "phasing_out",
        NotInUse = "not_in_use",
    }
);

impl Lifecycle {
    /// Whether the system runs, and so needs a contract (§5.1) and current documentation (§4.4).
    pub fn in_operation(self) -> bool {
        matches!(self, Lifecycle::Operational | Lifecycle::PhasingOut)
    }
}

vocabulary!(
    /// Archive duty (B = bevares, K = kasseres, uafklaret).
    ArchiveDuty {
        Preserve = "preserve",
        Discard = "discard",
        Undecided = "undecided",
    }
);

vocabulary!(
    /// What the notice period runs to: any day, or the end of a month, quarter or year.
    NoticeAnchor {
        Running = "running",
        EndOfMonth = "end_of_month",
        EndOfQuarter = "end_of_quarter",
        EndOfYear = "end_of_year",
    }
);

vocabulary!(
    /// Kontraktskabelon.
    Template {
        K01 = "K01",
        K02 = "K02",
        K03 = "K03",
        K04 = "K04",
        Kombit = "KOMBIT",
        Ski = "SKI",
        Supplier = "supplier",
        Own = "own",
        Other = "other",
    }
);

vocabulary!(
    /// Indkøbsform.
    ProcurementForm {
        EuTender = "eu_tender",
        NationalTender = "national_tender",
        FrameworkMiniTender = "framework_mini_tender",
        FrameworkDirectAward = "framework_direct_award",
        DirectAward = "direct_award",
        Other = "other",
    }
);

impl ProcurementForm {
    /// Forms that buy under a framework agreement, whose number must then be given.
    pub fn under_framework(self) -> bool {
        matches!(
            self,
            ProcurementForm::FrameworkMiniTender | ProcurementForm::FrameworkDirectAward
        )
    }
}

vocabulary!(
    /// The type of a piece of system documentation.
    DocType {
        SystemDescription = "system_description",
        Architecture = "architecture",
        OperationsGuide = "operations_guide",
        Installation = "installation",
        Configuration = "configuration",
        Interface = "interface",
        DataModel = "data_model",
        Security = "security",
        UserGuide = "user_guide",
        ReleaseNotes = "release_notes",
        TestReport = "test_report",
        Other = "other",
    }
);

impl Default for NoticeAnchor {
    /// Without an anchor, a notice period simply runs (løbende).
    fn default() -> Self {
        NoticeAnchor::Running
    }
}
