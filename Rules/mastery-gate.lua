-- Mastery gate: pupils who moved on to the next goal this week below about 80 % mastery, or
-- who are kept back while already above it.
--
-- Seed 002 (Peter Benoit, mastery learning): pupils move on to the next part when they master
-- about 80 %; who does not yet, gets extra instruction first.
--
-- One prompt per class for each of the two cases, with the pupils listed.
return rule {
  id = "mastery-gate",
  title = { nl = "Doorschuiven bij 80 % beheersing", en = "Mastery gate at 80 %" },
  description = "Leerlingen die met minder dan 80 % beheersing doorschuiven naar het volgende doel, of die een doel al beheersen maar nog niet aan het volgende werken; samengebracht per klas.",
  seed = "seed 002, Peter Benoit: mastery learning, doorgaan bij ongeveer 80 % beheersing",
  why = {
    nl = "Bij beheersingsleren (mastery learning) schuift een leerling door naar het volgende doel zodra die het huidige voor ongeveer 80 % beheerst: wie eerder doorschuift, bouwt op een wankele basis; wie langer wacht, verliest leertijd.",
    en = "In mastery learning a pupil moves on to the next goal at about 80 % mastery: moving on earlier builds on a shaky base, waiting longer loses learning time.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’", en = "VideoKLuB knowledge file ‘Goal-directed differentiation’" },
  on = { "week.ended" },
  params = {
    mastery = 80, -- the mastery rate (%) to move on at
    results = 2,  -- the latest results per pupil and goal that count
    recent_weeks = 12, -- results older than this are not looked at
    listed = 8,   -- pupils named in the text; the rest are counted (all are in the evidence)
  },
  texts = {
    nl = {
      early_one = "In {class_word} {class} schoof deze week één leerling door met minder dan {mastery} % beheersing van het vorige doel: {pupils}.",
      early_many = "In {class_word} {class} schoven deze week {count} leerlingen door met minder dan {mastery} % beheersing van het vorige doel: {pupils}.",
      early = "{pupil} naar ‘{next}’ met {rate} % op ‘{goal}’",
      next_early = "Bekijk samen hoe deze leerlingen verlengde instructie op het vorige doel kunnen krijgen (bijvoorbeeld in de miniklas of aan de instructietafel), en ga daarna na of ze de succescriteria halen.",
      next_early_one = "Bekijk samen hoe deze leerling verlengde instructie op het vorige doel kan krijgen (bijvoorbeeld in de miniklas of aan de instructietafel), en ga daarna na of die de succescriteria haalt.",
      late_one = "In {class_word} {class} beheerst één leerling een doel al, maar werkt nog niet aan het volgende: {pupils}.",
      late_many = "In {class_word} {class} beheersen {count} leerlingen een doel al, maar werken ze nog niet aan het volgende: {pupils}.",
      late = "{pupil} ({rate} % op ‘{goal}’; volgend doel: ‘{next}’)",
      next_late = "Bekijk samen of deze leerlingen de stap naar het volgende doel al kunnen zetten, en betrek de leerlingen bij die keuze.",
      next_late_one = "Bekijk samen of deze leerling de stap naar het volgende doel al kan zetten, en betrek de leerling bij die keuze.",
      more = "en nog {count}",
    },
    en = {
      early_one = "In class {class} one pupil moved on this week with less than {mastery} % mastery of the previous goal: {pupils}.",
      early_many = "In class {class} {count} pupils moved on this week with less than {mastery} % mastery of the previous goal: {pupils}.",
      early = "{pupil} to ‘{next}’ with {rate} % on ‘{goal}’",
      next_early = "Look together at how these pupils can get extended instruction on the previous goal (for example in the small group), and then check whether they meet the success criteria.",
      next_early_one = "Look together at how this pupil can get extended instruction on the previous goal (for example in the small group), and then check whether they meet the success criteria.",
      late_one = "In class {class} one pupil already masters a goal, but is not working on the next one yet: {pupils}.",
      late_many = "In class {class} {count} pupils already master a goal, but are not working on the next one yet: {pupils}.",
      late = "{pupil} ({rate} % on ‘{goal}’; next goal: ‘{next}’)",
      next_late = "Look together at whether these pupils can take the step to the next goal now, and involve the pupils in that choice.",
      next_late_one = "Look together at whether this pupil can take the step to the next goal now, and involve the pupil in that choice.",
      more = "and {count} more",
    },
  },
  run = function(ev, ctx, p)
    local goals, next_of, any = {}, {}, false
    for _, g in ipairs(ctx.goals()) do
      goals[g.id] = g
      if g.follows then next_of[g.follows] = g.id; any = true end
    end
    if not any then return end -- no goal follows another: nothing to gate
    local since = ctx.add_days(ev.to, -7 * p.recent_weeks + 1)

    local function say(class, kind, found, next_step)
      if #found == 0 then return end
      local listed, evidence = {}, {}
      for i, f in ipairs(found) do
        if i <= p.listed then listed[#listed + 1] = f.text end
        for _, ref in ipairs(f.refs) do evidence[#evidence + 1] = ref end
      end
      local names = table.concat(listed, ", ")
      if #found > #listed then names = names .. " " .. ctx.t("more", { count = #found - #listed }) end
      local vars = { class = class.name, count = #found, pupils = names, mastery = p.mastery }
      table.sort(evidence)
      ctx.prompt{ to = "coach", class = class.id, key = "gate/" .. kind, priority = kind == "early" and 2 or 3,
                  text = ctx.t(kind .. (#found == 1 and "_one" or "_many"), vars), next_step = ctx.t(next_step .. (#found == 1 and "_one" or ""), vars),
                  evidence = evidence }
    end

    for _, class in ipairs(ctx.classes()) do
      -- The latest results per pupil and goal, from one query for the class (newest first).
      local latest = {}
      for _, r in ipairs(ctx.results{ class = class.id, from = since, fields = { "ref", "pupil", "goal", "mastery" } }) do
        if r.mastery then
          local key = r.pupil .. "/" .. r.goal
          local list = latest[key] or {}
          latest[key] = list
          if #list < p.results then list[#list + 1] = r end
        end
      end
      local function mastery(pupil, goal)
        local list = latest[pupil .. "/" .. goal]
        if not list then return nil end
        local sum, refs = 0, {}
        for _, r in ipairs(list) do sum = sum + r.mastery; refs[#refs + 1] = r.ref end
        return sum / #list, refs
      end

      local current, pupils = {}, {}
      for _, s in ipairs(ctx.placements{ class = class.id, current = true, fields = { "ref", "pupil", "pupil_alias", "goal", "from" } }) do
        if not current[s.pupil] then current[s.pupil] = {}; pupils[#pupils + 1] = s.pupil end
        current[s.pupil][s.goal] = s
      end
      table.sort(pupils)

      local early, late = {}, {}
      for _, pupil in ipairs(pupils) do
        local goal_ids = {}
        for goal in pairs(current[pupil]) do goal_ids[#goal_ids + 1] = goal end
        table.sort(goal_ids)
        for _, goal in ipairs(goal_ids) do
          local s = current[pupil][goal]
          local alias = s.pupil_alias or pupil
          -- Moved on this week to a goal that follows another, below the gate.
          local before = goals[goal] and goals[goal].follows
          if before and s.from >= ev.from then
            local rate, refs = mastery(pupil, before)
            if rate and rate < p.mastery then
              refs[#refs + 1] = s.ref
              early[#early + 1] = { refs = refs, text = ctx.t("early", { pupil = alias, next = goals[goal].title,
                                                                          goal = goals[before].title, rate = math.floor(rate + 0.5) }) }
            end
          end
          -- Masters this goal but does not work on the next one.
          local next = next_of[goal]
          if next and not current[pupil][next] then
            local rate, refs = mastery(pupil, goal)
            if rate and rate >= p.mastery and #refs >= p.results then
              refs[#refs + 1] = s.ref
              late[#late + 1] = { refs = refs, text = ctx.t("late", { pupil = alias, goal = goals[goal].title,
                                                                        next = goals[next].title, rate = math.floor(rate + 0.5) }) }
            end
          end
        end
      end
      say(class, "early", early, "next_early")
      say(class, "late", late, "next_late")
    end
  end,
}
