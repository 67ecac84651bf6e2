-- Not seen lately: a teacher nobody has observed (any kind: self-reflection, coach, peer)
-- for N weeks. Learning walks do not count: they are never about one teacher.
--
-- Coverage, from the coach's cycle (domain: observe, reflect, one focus, next lesson,
-- observe again) and seed 002's video reflection in small groups.
return rule {
  id = "not-seen-lately",
  title = { nl = "Lang niet geobserveerd", en = "Not observed lately" },
  description = "Een leerkracht van wie al N weken geen observatie is vastgelegd.",
  seed = "domein: de cyclus van de coach (observeren, reflecteren, focus, volgende les); seed 002, videoreflectie",
  why = {
    nl = "Coaching werkt in een cyclus van observeren, reflecteren en een volgende stap; wie lang niet geobserveerd werd, mist die terugkoppeling.",
    en = "Coaching works in a cycle of observing, reflecting and a next step; a teacher not observed for a long time misses that feedback.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’", en = "VideoKLuB knowledge file ‘Goal-directed differentiation’" },
  on = { "week.ended" },
  params = { weeks = 6 },
  texts = {
    nl = {
      never = "Van deze leerkracht is nog geen observatie vastgelegd.",
      text = "Al {weeks} weken geen observatie van deze leerkracht (laatste: {last}).",
      next = "Spreek een moment af: een korte zelfreflectie op een eigen fragment of een observatie met de focus-kijkwijzer.",
    },
    en = {
      never = "No observation of this teacher has been recorded yet.",
      text = "No observation of this teacher for {weeks} weeks (last: {last}).",
      next = "Agree on a moment: a short self-reflection on one's own fragment, or an observation with the focus kijkwijzer.",
    },
  },
  run = function(ev, ctx, p)
    -- "Never observed" only once the period has run as long as the rule waits: in the first
    -- weeks of a period (of the school year) nobody could have been yet.
    local period = ctx.period()
    local early = period and period.start and ctx.days(period.start, ctx.today()) < 7 * p.weeks
    for _, teacher in ipairs(ctx.teachers()) do
      local latest = ctx.observations{ teacher = teacher.id, limit = 1, fields = { "ref", "date" } }[1]
      if not latest and early then
        -- too soon to tell
      elseif not latest then
        ctx.prompt{ to = "coach", teacher = teacher.id, key = "not-seen", priority = 4,
                    text = ctx.t("never", {}), next_step = ctx.t("next", {}) }
      else
        local weeks = ctx.days(latest.date, ctx.today()) // 7
        if weeks >= p.weeks then
          ctx.prompt{ to = "coach", teacher = teacher.id, key = "not-seen", priority = 4,
                      text = ctx.t("text", { weeks = weeks, last = ctx.day_text(latest.date) }), next_step = ctx.t("next", {}),
                      evidence = { latest.ref } }
        end
      end
    end
  end,
}
