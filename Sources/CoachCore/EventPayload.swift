/// What an event says about its record: ids and codes only, never names or free text. One
/// definition for every store, so SQLite and PostgreSQL write the same event log.
public enum EventPayload {
    public static func school(_ r: School) -> JSONObject { object { $0.add("school", r.id) } }

    public static func teacher(_ r: Teacher) -> JSONObject { object { $0.add("teacher", r.id) } }

    public static func schoolClass(_ r: SchoolClass) -> JSONObject { object { $0.add("class", r.id) } }

    public static func pupil(_ r: Pupil) -> JSONObject {
        object {
            $0.add("pupil", r.id)
            $0.add("class", r.classId)
            if let left = r.left { $0.add("left", left.description) }
        }
    }

    public static func goal(_ r: LearningGoal) -> JSONObject {
        object {
            $0.add("goal", r.id)
            $0.add("follows", r.follows)
        }
    }

    public static func feedback(_ r: FeedbackRecord, id: Int64) -> JSONObject {
        object {
            $0.add("id", id)
            $0.add("teacher", r.teacherId)
            $0.add("class", r.classId)
            $0.add("pupil", r.pupilId)
            $0.add("goal", r.goalId)
            $0.add("date", r.date.description)
            $0.add("level", r.level.rawValue)
            $0.add("question", r.question.rawValue)
            $0.add("timing", r.timing.rawValue)
            $0.add("form", r.form.rawValue)
            $0.add("growthPoints", r.growthPoints)
        }
    }

    /// `previousTrack`: the track of the placement this one ended, if any.
    public static func placement(_ r: Placement, id: Int64, previousTrack: Int64?) -> JSONObject {
        object {
            $0.add("id", id)
            $0.add("pupil", r.pupilId)
            $0.add("class", r.classId)
            $0.add("goal", r.goalId)
            $0.add("track", r.track)
            $0.add("previousTrack", previousTrack)
            $0.add("from", r.from.description)
            $0.add("to", r.to?.description)
            $0.add("pupilInvolved", r.pupilInvolved)
        }
    }

    public static func result(_ r: LearningResult, id: Int64) -> JSONObject {
        object {
            $0.add("id", id)
            $0.add("pupil", r.pupilId)
            $0.add("goal", r.goalId)
            $0.add("kind", r.kind.rawValue)
            $0.add("mastery", r.masteryPercent)
            $0.add("date", r.date.description)
        }
    }

    private static func object(_ fill: (inout JSONObject) -> Void) -> JSONObject {
        var payload = JSONObject()
        fill(&payload)
        return payload
    }
}
