import CoachCore

/// What records name: the ids they give or refer to, table by table, and the schools they
/// name outright.
///
/// ``References`` loads what a batch refers to from it; a front end on the shared store asks
/// whose these ids are, to copy (and lock) only the schools an import touches.
package struct Mentions: Sendable, Hashable {
    package var schools: Set<String> = []
    package var coaches: Set<String> = []
    package var periods: Set<String> = []
    package var teachers: Set<String> = []
    package var classes: Set<String> = []
    package var pupils: Set<String> = []
    package var goals: Set<String> = []
    var instruments: Set<References.InstrumentKey> = []
    /// Kijkwijzers whose every version a record refers to (a period's focus).
    var instrumentIds: Set<String> = []
    /// A kijkwijzer among the records: a row every school shares, which needs every school's
    /// lock on the shared store to write.
    package var instrumentsGiven = false
    /// The coaches among the records: rows every school shares too, written (and so needing
    /// every school's lock) only when new or changed.
    package var coachesGiven: [GivenCoach] = []

    /// A coach as a record gives it; `kind` nil when the row left it out (the stored one stays).
    package struct GivenCoach: Sendable, Hashable {
        package var id: String
        package var name: String
        package var kind: String?
    }

    package init() {}

    package init(_ records: some Sequence<NewRecord>) {
        for record in records { add(record) }
    }

    /// The ids of the tables whose rows belong to one school, by table name: each id's school
    /// is one the records touch.
    package var schoolRows: [String: Set<String>] {
        ["teacher": teachers, "schoolClass": classes, "pupil": pupils, "learningGoal": goals, "period": periods]
    }

    /// A record as an import reads it: a person given again keeps what its row left out.
    package mutating func add(_ keyed: KeyedRecord) {
        add(keyed.record)
        if case .coach = keyed.record, keyed.keeps.contains("kind") { coachesGiven[coachesGiven.count - 1].kind = nil }
    }

    package mutating func add(_ record: NewRecord) {
        switch record {
        case .school(let r): schools.insert(r.id)
        case .teacher(let r): teachers.insert(r.id); schools.insert(r.schoolId)
        case .coach(let r): coaches.insert(r.id); coachesGiven.append(GivenCoach(id: r.id, name: r.name, kind: r.kind.rawValue))
        case .coachAssignment(let r):
            coaches.insert(r.coachId)
            switch r.scope {
            case .school: schools.insert(r.scopeId)
            case .class: classes.insert(r.scopeId)
            case .teacher: teachers.insert(r.scopeId)
            }
        case .schoolClass(let r): classes.insert(r.id); schools.insert(r.schoolId)
        case .classTeacher(let r): classes.insert(r.classId); teachers.insert(r.teacherId)
        case .pupil(let r):
            pupils.insert(r.id); schools.insert(r.schoolId); classes.insert(r.classId)
        case .goal(let r):
            goals.insert(r.id); schools.insert(r.schoolId)
            if let follows = r.follows { goals.insert(follows) }
        case .period(let r):
            periods.insert(r.id); schools.insert(r.schoolId)
            if let focus = r.focus { instrumentIds.insert(focus.instrumentId) }
        case .instrument(let r):
            instruments.insert(References.InstrumentKey(id: r.id, version: r.version)); instrumentsGiven = true
        case .observation(let r):
            schools.insert(r.schoolId); teachers.insert(r.teacherId)
            if let c = r.classId { classes.insert(c) }
            instruments.insert(References.InstrumentKey(id: r.instrumentId, version: r.instrumentVersion))
        case .centralResult(let r):
            schools.insert(r.schoolId)
        case .learningWalk(let r):
            schools.insert(r.schoolId)
            instruments.insert(References.InstrumentKey(id: r.instrumentId, version: r.instrumentVersion))
        case .feedback(let r):
            teachers.insert(r.teacherId); classes.insert(r.classId); goals.insert(r.goalId)
            if let p = r.pupilId { pupils.insert(p) }
        case .placement(let r):
            pupils.insert(r.pupilId); classes.insert(r.classId); goals.insert(r.goalId)
        case .result(let r):
            pupils.insert(r.pupilId); goals.insert(r.goalId)
        }
    }
}
