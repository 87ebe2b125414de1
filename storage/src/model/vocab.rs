//! The closed vocabularies of the register and of document metadata (DESIGN "HTTP API"; KITOS words).

use super::vocabulary;

vocabulary!(
    /// A system's category under §6 of the circular.
    SystemCategory {
        Infrastructure = "infrastructure" => "Infrastruktur",
        GenericAdministrative = "generic_administrative" => "Generisk administrativt system",
        Specialist = "specialist" => "Fagsystem",
        CrossCuttingSpecialist = "cross_cutting_specialist" => "Tværgående fagsystem",
        JointPublic = "joint_public" => "Fællesoffentligt system",
        Utility = "utility" => "Hjælpeværktøj",
    }
);

vocabulary!(
    /// The network a system runs on (§0.7: BUF's pedagogical network is separate).
    Network {
        Administrative = "administrative" => "Administrativt netværk",
        Pedagogical = "pedagogical" => "Pædagogisk netværk",
    }
);

vocabulary!(
    /// KITOS's life cycle (under indfasning, i drift, under udfasning, ikke i drift).
    Lifecycle {
        PhasingIn = "phasing_in" => "Under indfasning",
        Operational = "operational" => "I drift",
        PhasingOut = "phasing_out" => "Under udfasning",
        NotInUse = "not_in_use" => "Ikke i drift",
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
        Preserve = "preserve" => "Bevares (B)",
        Discard = "discard" => "Kasseres (K)",
        Undecided = "undecided" => "Uafklaret",
    }
);

vocabulary!(
    /// What the notice period runs to: any day, or the end of a month, quarter or year.
    NoticeAnchor {
        Running = "running" => "Løbende",
        EndOfMonth = "end_of_month" => "Udgangen af måneden",
        EndOfQuarter = "end_of_quarter" => "Udgangen af kvartalet",
        EndOfYear = "end_of_year" => "Udgangen af året",
    }
);

vocabulary!(
    /// Kontraktskabelon.
    Template {
        K01 = "K01" => "K01",
        K02 = "K02" => "K02",
        K03 = "K03" => "K03",
        K04 = "K04" => "K04",
        Kombit = "KOMBIT" => "KOMBIT",
        Ski = "SKI" => "SKI",
        Supplier = "supplier" => "Leverandørens",
        Own = "own" => "Egen",
        Other = "other" => "Anden",
    }
);

vocabulary!(
    /// Indkøbsform.
    ProcurementForm {
        EuTender = "eu_tender" => "EU-udbud",
        NationalTender = "national_tender" => "Nationalt udbud",
        FrameworkMiniTender = "framework_mini_tender" => "Miniudbud på rammeaftale",
        FrameworkDirectAward = "framework_direct_award" => "Direkte tildeling på rammeaftale",
        DirectAward = "direct_award" => "Direkte tildeling",
        Other = "other" => "Anden",
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
        SystemDescription = "system_description" => "Systembeskrivelse",
        Architecture = "architecture" => "Arkitektur",
        OperationsGuide = "operations_guide" => "Driftsvejledning",
        Installation = "installation" => "Installationsvejledning",
        Configuration = "configuration" => "Konfiguration",
        Interface = "interface" => "Snitfladebeskrivelse",
        DataModel = "data_model" => "Datamodel",
        Security = "security" => "Sikkerhed",
        UserGuide = "user_guide" => "Brugervejledning",
        ReleaseNotes = "release_notes" => "Releasenoter",
        TestReport = "test_report" => "Testrapport",
        Other = "other" => "Anden",
    }
);

impl Default for NoticeAnchor {
    /// Without an anchor, a notice period simply runs (løbende).
    fn default() -> Self {
        NoticeAnchor::Running
    }
}

vocabulary!(
    /// Where a proposed register change stands.
    ProposalStatus {
        Pending = "pending" => "Afventer",
        Accepted = "accepted" => "Godkendt",
        Rejected = "rejected" => "Afvist",
    }
);
