-- Static groups: a class whose track assignment for a goal has not changed in N weeks.
--
-- Seed 002 (Peter Benoit, kijkwijzer onderdeel 3 "Flexibel groeperen"): groups are flexible
-- and temporary, depending on the learning goal; static groups lower expectations.
--
-- One prompt per class, naming the goals whose groups stand still.
return rule {
  id = "static-groups",
  title = { nl = "Groepen veranderen niet", en = "Groups never change" },
  description = "Een klas waarvan de spoorindeling voor een doel al N weken niet veranderde.",
  seed = "seed 002, Peter Benoit: de groepen zijn tijdelijk en afhankelijk van het leerdoel",
  why = {
    nl = "Sporen horen mee te bewegen met het leerdoel en de vooruitgang; groepen die wekenlang niet veranderen, worden vaste niveaugroepen.",
    en = "Tracks should move with the learning goal and with progress; groups that do not change for weeks turn into fixed ability groups.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’", en = "VideoKLuB knowledge file ‘Goal-directed differentiation’" },
  on = { "week.ended" },
  params = { weeks = 6, min_pupils = 4 },
  texts = {
    nl = {
      one = "In {class_word} {class} is de verdeling over de sporen al {weeks} weken ongewijzigd voor {goals}.",
      many = "In {class_word} {class} is de verdeling over de sporen al minstens {weeks} weken ongewijzigd voor {count} doelen: {goals}.",
      goal = "‘{goal}’ ({pupils} leerlingen, sinds {since})",
      next = "Bekijk samen de laatste exittickets voor deze doelen en wie klaar is voor een ander spoor.",
      next_one = "Bekijk samen de laatste exittickets voor dit doel en wie klaar is voor een ander spoor.",
    },
    en = {
      one = "In class {class} the division into tracks has not changed for {weeks} weeks for {goals}.",
      many = "In class {class} the division into tracks has not changed for at least {weeks} weeks for {count} goals: {goals}.",
      goal = "‘{goal}’ ({pupils} pupils, since {since})",
      next = "Look together at the latest exit tickets for these goals and at who is ready for another track.",
      next_one = "Look together at the latest exit tickets for this goal and at who is ready for another track.",
    },
  },
  run = function(ev, ctx, p)
    local titles = {}
    for _, g in ipairs(ctx.goals()) do titles[g.id] = g.title end
    -- The school's current placements in one question (in a dispatch the engine keeps a
    -- school's placements from week to week, so it is rarely a query), then class by class. A
    -- school too large for one answer (more records than a query may return) is asked class
    -- by class.
    local fields = { "ref", "class", "goal", "from" }
    local current = {}
    local ok, all = pcall(ctx.placements, { current = true, fields = fields })
    if ok then
      for _, s in ipairs(all) do
        local list = current[s.class]
        if not list then list = {}; current[s.class] = list end
        list[#list + 1] = s
      end
    else
      for _, class in ipairs(ctx.classes()) do current[class.id] = ctx.placements{ class = class.id, current = true, fields = fields } end
    end
    for _, class in ipairs(ctx.classes()) do
      local per_goal, order = {}, {}
      for _, s in ipairs(current[class.id] or {}) do
        local g = per_goal[s.goal]
        if not g then
          g = { latest = s.from, pupils = 0, refs = {} }
          per_goal[s.goal] = g
          order[#order + 1] = s.goal
        end
        g.pupils = g.pupils + 1
        g.refs[#g.refs + 1] = s.ref
        if s.from > g.latest then g.latest = s.from end
      end
      table.sort(order)
      local stale, evidence, fewest = {}, {}, nil
      for _, goal in ipairs(order) do
        local g = per_goal[goal]
        local weeks = ctx.days(g.latest, ctx.today()) // 7
        if g.pupils >= p.min_pupils and weeks >= p.weeks then
          stale[#stale + 1] = ctx.t("goal", { goal = titles[goal] or goal, pupils = g.pupils, since = ctx.day_text(g.latest) })
          for _, ref in ipairs(g.refs) do evidence[#evidence + 1] = ref end
          if fewest == nil or weeks < fewest then fewest = weeks end
        end
      end
      if #stale > 0 then
        local vars = { class = class.name, weeks = fewest, count = #stale, goals = table.concat(stale, ", ") }
        table.sort(evidence)
        ctx.prompt{
          to = "coach", class = class.id, key = "static", priority = 3,
          text = ctx.t(#stale == 1 and "one" or "many", vars), next_step = ctx.t(#stale == 1 and "next_one" or "next", vars), evidence = evidence,
        }
      end
    end
  end,
}
