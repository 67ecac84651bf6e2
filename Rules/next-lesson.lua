-- Next lesson: a teacher's "what should I do in my next lesson?" answered with at most three
-- concrete suggestions, each saying which records led to it.
--
-- Draws together the focus section's items with their example sentences and reflection
-- questions (seed 002, Peter Benoit; seed 000, Campus Fenix), the pupils whose track or results
-- call for extended instruction or a step up (seed 002 3-sporenbeleid; seed 001, 80 %), and the
-- feedback level the teacher used least (seed 001, feedback levels).
return rule {
  id = "next-lesson",
  title = { nl = "Volgende les", en = "Next lesson" },
  description = "Beantwoordt 'wat doe ik in mijn volgende les?' met hoogstens drie concrete suggesties.",
  seed = "seeds 000, 001, 002: focusonderdeel, 3 sporen en 80 %, feedbackniveaus",
  why = {
    nl = "Eén of twee concrete groeikansen voor de volgende les helpen een leerkracht meer dan een lange lijst.",
    en = "One or two concrete growth points for the next lesson help a teacher more than a long list.",
  },
  source = { nl = "VideoKLuB-kennisbundel ‘Groeigerichte feedback’; Leerpunt, ‘Leidraad feedback’", en = "VideoKLuB knowledge file ‘Growth-oriented feedback’; Leerpunt, ‘Feedback guideline’" },
  on = { "week.ended" }, -- suggest-only: run does nothing
  params = { weeks = 4, low = 60, high = 95, kijkwijzer = "campus-fenix-feedback-zelfregulatie" },
  texts = {
    nl = {
      focus = "Focus van de periode ('{section}'): {item}",
      focus_low = "Focus van de periode ('{section}'), laagst gescoord bij de laatste observatie ({score}): {item}",
      extended = "Verlengde instructie in de miniklas voor {pupils} bij '{goal}'.",
      step_up = "Een uitdaging of een ander spoor voor {pupils} bij '{goal}': zij halen meer dan {high} %.",
      level = "Geef deze week bewust feedback op {level}: dat deed je de laatste {weeks} weken het minst ({count} keer).",
      level_task = "de taak", level_process = "het proces", level_selfRegulation = "de zelfregulatie",
    },
    en = {
      focus = "This period's focus ('{section}'): {item}",
      focus_low = "This period's focus ('{section}'), lowest at the last observation ({score}): {item}",
      extended = "Extended instruction in the small group for {pupils} on '{goal}'.",
      step_up = "A challenge or another track for {pupils} on '{goal}': they score above {high} %.",
      level = "Give feedback on {level} on purpose this week: you did so least in the last {weeks} weeks ({count} times).",
      level_task = "the task", level_process = "the process", level_selfRegulation = "self-regulation",
    },
  },
  run = function() end,
  suggest = function(q, ctx, p)
    local from = ctx.add_days(q.day, -7 * p.weeks)

    -- 1. The focus section: the item scored lowest at the teacher's latest observation.
    local period = ctx.period()
    if period and period.focus then
      local instrument = ctx.instrument(period.focus.instrument)
      local section
      for _, s in ipairs(instrument and instrument.sections or {}) do
        if s.number == period.focus.section then section = s end
      end
      if section and #section.items > 0 then
        local latest = ctx.observations{ teacher = q.teacher, limit = 1 }[1]
        local chosen, score = section.items[1], nil
        if latest and latest.instrument == period.focus.instrument then
          for _, item in ipairs(section.items) do
            local s = latest.scores[item.key]
            if s and (score == nil or s < score) then chosen, score = item, s end
          end
        end
        ctx.suggest{
          teacher = q.teacher, priority = 1,
          text = ctx.t(score and "focus_low" or "focus", { section = section.title, item = chosen.text, score = score }),
          example = chosen.example, reflection_question = chosen.reflection_question,
          evidence = latest and { latest.ref } or {},
        }
      end
    end

    -- 2. Pupils who need extended instruction or a step up, in the classes the teacher gave
    --    feedback in (or the class asked about).
    local classes, seen = {}, {}
    if q.class then classes[1] = q.class; seen[q.class] = true end
    for _, f in ipairs(ctx.feedback{ teacher = q.teacher, from = from, to = q.day }) do
      if not seen[f.class] then seen[f.class] = true; classes[#classes + 1] = f.class end
    end
    local goals = {}
    for _, g in ipairs(ctx.goals()) do goals[g.id] = g.title end
    for _, class in ipairs(classes) do
      local aliases = {}
      for _, pupil in ipairs(ctx.pupils{ class = class }) do aliases[pupil.id] = pupil.alias end
      local low, high = {}, {}
      local per_pupil = {}
      for _, r in ipairs(ctx.results{ class = class, goal = q.goal, from = from, to = q.day }) do
        if r.mastery then
          local key = r.pupil .. "\0" .. r.goal
          local who = per_pupil[key] or { pupil = r.pupil, goal = r.goal, sum = 0, n = 0, refs = {} }
          who.sum, who.n = who.sum + r.mastery, who.n + 1
          who.refs[#who.refs + 1] = r.ref
          per_pupil[key] = who
        end
      end
      local keys = {}
      for key in pairs(per_pupil) do keys[#keys + 1] = key end
      table.sort(keys)
      for _, key in ipairs(keys) do
        local who = per_pupil[key]
        local rate = who.sum / who.n
        if who.n >= 2 and rate < p.low then low[#low + 1] = who elseif who.n >= 2 and rate > p.high then high[#high + 1] = who end
      end
      for _, group in ipairs({ { list = low, text = "extended", priority = 2 }, { list = high, text = "step_up", priority = 3 } }) do
        if #group.list > 0 then
          local goal = group.list[1].goal
          local names, refs = {}, {}
          for _, who in ipairs(group.list) do
            if who.goal == goal then
              names[#names + 1] = aliases[who.pupil] or who.pupil
              for _, ref in ipairs(who.refs) do refs[#refs + 1] = ref end
            end
          end
          ctx.suggest{ teacher = q.teacher, class = class, goal = goal, priority = group.priority,
                       text = ctx.t(group.text, { pupils = table.concat(names, ", "), goal = goals[goal] or goal, high = p.high }),
                       evidence = refs }
        end
      end
    end

    -- 3. The feedback level the teacher used least (person-level praise is never suggested).
    local counts = { task = 0, process = 0, selfRegulation = 0 }
    local refs = {}
    for _, f in ipairs(ctx.feedback{ teacher = q.teacher, from = from, to = q.day }) do
      if counts[f.level] then counts[f.level] = counts[f.level] + 1 end
      refs[#refs + 1] = f.ref
    end
    if #refs > 0 then
      local least
      for _, level in ipairs({ "process", "selfRegulation", "task" }) do
        if least == nil or counts[level] < counts[least] then least = level end
      end
      local example, question
      local instrument = ctx.instrument(p.kijkwijzer)
      local wanted = ({ process = "2.1", selfRegulation = "3.1", task = "2.2" })[least]
      for _, s in ipairs(instrument and instrument.sections or {}) do
        for _, item in ipairs(s.items) do
          if item.key == wanted then example, question = item.example, item.reflection_question end
        end
      end
      ctx.suggest{ teacher = q.teacher, priority = 2,
                   text = ctx.t("level", { level = ctx.t("level_" .. least), weeks = p.weeks, count = counts[least] }),
                   example = example, reflection_question = question, evidence = refs }
    end
  end,
}
