-- Mastery gate: a pupil moved to the next goal below about 80 % mastery, or kept back while
-- already above it.
--
-- Seed 002 (Peter Benoit, mastery learning): pupils move on to the next part when they master
-- about 80 %; who does not yet, gets extra instruction first.
return rule {
  id = "mastery-gate",
  title = { nl = "Doorschuiven bij 80 % beheersing", en = "Mastery gate at 80 %" },
  description = "Een leerling die doorschuift naar het volgende doel onder 80 %, of blijft staan terwijl hij het al beheerst.",
  seed = "seed 002, Peter Benoit: mastery learning, doorgaan bij ongeveer 80 % beheersing",
  on = { "placement.changed", "week.ended" },
  params = { mastery = 80, results = 2 },
  texts = {
    nl = {
      early = "{pupil} schuift door naar '{next}' met {rate} % op '{goal}' (onder {mastery} %).",
      next_early = "Plan eerst verlengde instructie voor '{goal}' en toets opnieuw aan de succescriteria.",
      late = "{pupil} haalt {rate} % op '{goal}' maar werkt nog niet aan '{next}'.",
      next_late = "Bespreek met {pupil} of de stap naar '{next}' nu kan.",
    },
    en = {
      early = "{pupil} moves on to '{next}' with {rate} % on '{goal}' (below {mastery} %).",
      next_early = "Plan extended instruction for '{goal}' first and reassess against the success criteria.",
      late = "{pupil} scores {rate} % on '{goal}' but is not working on '{next}' yet.",
      next_late = "Discuss with {pupil} whether the step to '{next}' can be made now.",
    },
  },
  run = function(ev, ctx, p)
    local goals, next_of = {}, {}
    for _, g in ipairs(ctx.goals()) do
      goals[g.id] = g
      if g.follows then next_of[g.follows] = g.id end
    end
    local function mastery(pupil, goal)
      local sum, n, refs = 0, 0, {}
      for _, r in ipairs(ctx.results{ pupil = pupil, goal = goal, limit = p.results }) do
        if r.mastery then sum, n = sum + r.mastery, n + 1; refs[#refs + 1] = r.ref end
      end
      if n == 0 then return nil end
      return sum / n, refs
    end

    if ev.kind == "placement.changed" then
      local before = goals[ev.goal] and goals[ev.goal].follows
      if not before then return end
      local rate, refs = mastery(ev.pupil, before)
      if rate and rate < p.mastery then
        local vars = { pupil = ev.pupil, next = goals[ev.goal].title, goal = goals[before].title,
                       rate = math.floor(rate + 0.5), mastery = p.mastery }
        refs[#refs + 1] = "placement:" .. ev.id
        ctx.prompt{ to = "coach", class = ev.class, key = "gate/" .. ev.pupil .. "/" .. ev.goal, priority = 2,
                    text = ctx.t("early", vars), next_step = ctx.t("next_early", vars), evidence = refs }
      end
      return
    end

    -- week.ended: pupils who master a goal but do not work on the next one.
    local current = {}
    for _, s in ipairs(ctx.placements{ current = true }) do
      current[s.pupil] = current[s.pupil] or {}
      current[s.pupil][s.goal] = s
    end
    local pupils = {}
    for pupil in pairs(current) do pupils[#pupils + 1] = pupil end
    table.sort(pupils)
    for _, pupil in ipairs(pupils) do
      for goal, s in pairs(current[pupil]) do
        local next = next_of[goal]
        if next and not current[pupil][next] then
          local rate, refs = mastery(pupil, goal)
          if rate and rate >= p.mastery and #refs >= p.results then
            local vars = { pupil = s.pupil_alias or pupil, goal = goals[goal].title, next = goals[next].title,
                           rate = math.floor(rate + 0.5) }
            refs[#refs + 1] = s.ref
            ctx.prompt{ to = "coach", class = s.class, key = "gate/" .. pupil .. "/" .. next, priority = 3,
                        text = ctx.t("late", vars), next_step = ctx.t("next_late", vars), evidence = refs }
          end
        end
      end
    end
  end,
}
