-- Next lesson: a teacher's "what should I do in my next lesson?" answered with at most two
-- concrete suggestions, the largest need first, each saying which records led to it.
--
-- Draws together the focus section's items with their example sentences and reflection
-- questions (seed 002, Peter Benoit; seed 000, Campus Fenix), the pupils whose track or results
-- call for extended instruction or a step up (seed 002 3-sporenbeleid; seed 001, 80 %), and the
-- feedback level the teacher used least (seed 001, feedback levels).
return rule {
  id = "next-lesson",
  title = { nl = "Volgende les", en = "Next lesson" },
  description = "Beantwoordt 'wat doe ik in mijn volgende les?' met hoogstens twee concrete suggesties, de grootste nood eerst.",
  seed = "seeds 000, 001, 002: focusonderdeel, 3 sporen en 80 %, feedbackniveaus",
  why = {
    nl = "Eén of twee concrete groeikansen voor de volgende les helpen een leerkracht meer dan een lange lijst.",
    en = "One or two concrete growth points for the next lesson help a teacher more than a long list.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Groeigerichte feedback’; Leerpunt, ‘Leidraad feedback’", en = "VideoKLuB knowledge file ‘Growth-oriented feedback’; Leerpunt, ‘Feedback guideline’" },
  on = { "week.ended" }, -- suggest-only: run does nothing
  params = { weeks = 4, low = 60, high = 95, kijkwijzer = "campus-fenix-feedback-zelfregulatie", person_share = 0.4,
             min_feedback = 5 },
  texts = {
    nl = {
      focus_low = "Focus van deze periode: ‘{section}’. Bij de laatste observatie van je les had dit kijkpunt de meeste groeiruimte: ‘{item}’",
      focus_unobserved = "Focus van deze periode: ‘{section}’. Je lessen werden nog niet geobserveerd met deze kijkwijzer, dus er is nog geen vertrekpunt om samen op verder te bouwen.",
      focus_next = "Bekijk met je coach een lesfragment rond kijkpunt {item} en kies één ding om in je volgende les te proberen.",
      focus_own = "Je koos zelf: ‘{work_on}’. Spreek met je coach af in welke les jullie dat samen bekijken.",
      focus_unobserved_next = "Vraag je coach om een lesbezoek, of film zelf een lesfragment en bekijk het samen aan de hand van de kijkpunten van dit onderdeel.",
      from_person = "In de laatste {weeks} weken ging {share} % van je genoteerde feedback ({all} feedbackmomenten in totaal) over de leerling als persoon (zoals ‘goed zo, jij bent slim!’). Probeer meer feedback te geven op {level}.",
      extended = "Geef {pupils} verlengde instructie bij ‘{goal}’ (bijvoorbeeld in de miniklas of aan de instructietafel).",
      step_up = "Geef {pupils} een uitdaging (verrijking) of een ander spoor bij ‘{goal}’: ze halen meer dan {high} %.",
      step_up_one = "Geef {pupils} een uitdaging (verrijking) of een ander spoor bij ‘{goal}’: deze leerling haalt meer dan {high} %.",
      pupil = "{pupil} ({rate} %)",
      criterion = "Ga daarna na of ze het succescriterium halen: ‘{criterion}’",
      criterion_one = "Ga daarna na of deze leerling het succescriterium haalt: ‘{criterion}’",
      no_criterion = "Dit doel heeft nog geen succescriterium: spreek met de leerlingen af waaraan ze zelf kunnen zien dat ze het doel bereikt hebben.",
      level = "Geef deze week bewust feedback op {level}: dat deed je de laatste {weeks} weken het minst ({count} keer).",
      level_one = "Geef deze week bewust feedback op {level}: dat deed je de laatste {weeks} weken het minst (1 keer).",
      level_none = "Geef deze week bewust feedback op {level}: dat kwam de laatste {weeks} weken in je genoteerde feedback nog niet voor.",
      level_task = "de taak", level_process = "het proces", level_selfRegulation = "de zelfregulatie",
      why_person = "Feedback op persoonsniveau verbetert het leren niet; feedback op het proces en de zelfregulatie wel (bron: Leerpunt, ‘Leidraad feedback’).",
      why_level = "Feedback op taak, proces én zelfregulatie helpt leerlingen het meest vooruit (bron: Leerpunt, ‘Leidraad feedback’).",
      why_focus = "Eén onderdeel van de kijkwijzer per periode maakt groei zichtbaar en haalbaar (bron: VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’).",
      why_extended = "Wie ver onder ongeveer 80 % blijft, heeft verlengde instructie nodig; wie er ruim boven zit, heeft een uitdaging nodig. Groepen zijn tijdelijk (bron: VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’).",
    },
    en = {
      focus_low = "This period's focus: ‘{section}’. At the last observation of your lesson this item had the most room to grow: ‘{item}’",
      focus_unobserved = "This period's focus: ‘{section}’. None of your lessons has been observed with this kijkwijzer yet, so there is no starting point to build on together.",
      focus_next = "Watch a lesson fragment on item {item} with your coach and choose one thing to try in your next lesson.",
      focus_own = "You chose: ‘{work_on}’. Agree with your coach in which lesson you will look at it together.",
      focus_unobserved_next = "Ask your coach for a lesson visit, or film a fragment of a lesson yourself and watch it together with this section's items in mind.",
      from_person = "In the last {weeks} weeks {share} % of your recorded feedback ({all} feedback moments in all) was about the pupil as a person (like ‘well done, you are clever!’). Try to give more feedback on {level}.",
      extended = "Give {pupils} extended instruction in the small group for ‘{goal}’.",
      step_up = "Give {pupils} a challenge or another track for ‘{goal}’: they score above {high} %.",
      step_up_one = "Give {pupils} a challenge or another track for ‘{goal}’: this pupil scores above {high} %.",
      pupil = "{pupil} ({rate} %)",
      criterion = "Then check whether they meet the success criterion: ‘{criterion}’",
      criterion_one = "Then check whether this pupil meets the success criterion: ‘{criterion}’",
      no_criterion = "This goal has no success criterion yet: agree with the pupils how they can see for themselves that they reached it.",
      level = "Give feedback on {level} on purpose this week: you did so least in the last {weeks} weeks ({count} times).",
      level_one = "Give feedback on {level} on purpose this week: you did so least in the last {weeks} weeks (once).",
      level_none = "Give feedback on {level} on purpose this week: it did not appear in your recorded feedback of the last {weeks} weeks.",
      level_task = "the task", level_process = "the process", level_selfRegulation = "self-regulation",
      why_person = "Feedback at person level does not improve learning; feedback on the process and self-regulation does (source: Leerpunt, ‘Feedback guideline’).",
      why_level = "Feedback on the task, the process and self-regulation moves pupils forward most (source: Leerpunt, ‘Feedback guideline’).",
      why_focus = "One section of the kijkwijzer per period makes growth visible and feasible (source: VideoKLuB knowledge file ‘Goal-directed differentiation’).",
      why_extended = "Pupils well below about 80 % need extended instruction and those far above a challenge; groups are temporary (source: VideoKLuB knowledge file ‘Goal-directed differentiation’).",
    },
  },
  run = function() end,
  suggest = function(q, ctx, p)
    local from = ctx.add_days(q.day, -7 * p.weeks)
    local fenix = ctx.instrument(p.kijkwijzer)
    local function fenix_item(key)
      for _, section in ipairs(fenix and fenix.sections or {}) do
        for _, item in ipairs(section.items) do
          if item.key == key then return item end
        end
      end
    end
    -- An example sentence only where it was written for this school's level: secondary-school
    -- mathematics is no example for a primary class. The reflection question fits every level.
    local level = ctx.school().level
    local function example_of(instrument, item)
      if not item then return nil end
      if instrument and instrument.level and level and instrument.level ~= level then return nil end
      return item.example
    end
    local example_item = { process = "2.1", selfRegulation = "3.1", task = "2.2" }

    -- 1. The teacher's largest gap against the seeds: mostly person-level feedback first
    --    (it does not help learning, seed 001), else the level used least.
    local counts, total, refs = { task = 0, process = 0, selfRegulation = 0, person = 0 }, 0, {}
    for _, f in ipairs(ctx.feedback{ teacher = q.teacher, from = from, to = q.day }) do
      counts[f.level] = (counts[f.level] or 0) + 1
      total = total + 1
      refs[#refs + 1] = f.ref
    end
    if total > 0 then
      local share = counts.person / total
      if total >= p.min_feedback and share >= p.person_share then
        local toward = counts.process <= counts.selfRegulation and "process" or "selfRegulation"
        local item = fenix_item(example_item[toward])
        ctx.suggest{ teacher = q.teacher, priority = 1,
                     text = ctx.t("from_person", { share = math.floor(share * 100 + 0.5), all = total, weeks = p.weeks,
                                                   level = ctx.t("level_" .. toward) }),
                     example = example_of(fenix, item), reflection_question = item and item.reflection_question,
                     evidence = refs, why = ctx.t("why_person") }
      else
        local least
        for _, level in ipairs({ "process", "selfRegulation", "task" }) do
          if least == nil or counts[level] < counts[least] then least = level end
        end
        local item = fenix_item(example_item[least])
        ctx.suggest{ teacher = q.teacher, priority = 4,
                     text = ctx.t(counts[least] == 0 and "level_none" or counts[least] == 1 and "level_one" or "level",
                                  { level = ctx.t("level_" .. least), weeks = p.weeks, count = counts[least] }),
                     example = example_of(fenix, item), reflection_question = item and item.reflection_question,
                     evidence = refs, why = ctx.t("why_level") }
      end
    end

    -- 2. The period's focus section: the item scored lowest at the teacher's latest observation
    --    on it; without one, what is missing and how to get it.
    local period = ctx.period()
    if period and period.focus then
      local instrument = ctx.instrument(period.focus.instrument)
      local section
      for _, s in ipairs(instrument and instrument.sections or {}) do
        if s.number == period.focus.section then section = s end
      end
      if section and #section.items > 0 then
        local latest = ctx.observations{ teacher = q.teacher, limit = 1 }[1]
        local chosen, score = nil, nil
        if latest and latest.instrument == period.focus.instrument then
          for _, item in ipairs(section.items) do
            local s = latest.scores[item.key]
            if s and (score == nil or s < score) then chosen, score = item, s end
          end
        end
        if chosen then
          ctx.suggest{ teacher = q.teacher, priority = 2,
                       text = ctx.t("focus_low", { section = section.title, score = score,
                                                   item = (utf8.len(chosen.text or "") or 0) > 160 and chosen.text:sub(1, utf8.offset(chosen.text, 158) - 1) .. "…" or chosen.text }),
                       example = example_of(instrument, chosen), reflection_question = chosen.reflection_question,
                       -- The teacher's own choice at that observation, when they made one.
                       next_step = (latest.work_on and latest.work_on:match("%S"))
                         and ctx.t("focus_own", { work_on = (utf8.len(latest.work_on) or 0) > 160
                                                    and latest.work_on:sub(1, utf8.offset(latest.work_on, 158) - 1) .. "…" or latest.work_on })
                         or ctx.t("focus_next", { item = chosen.key }),
                       evidence = { latest.ref },
                       why = ctx.t("why_focus") }
        else
          ctx.suggest{ teacher = q.teacher, priority = 2, text = ctx.t("focus_unobserved", { section = section.title }),
                       next_step = ctx.t("focus_unobserved_next"), evidence = {}, why = ctx.t("why_focus") }
        end
      end
    end

    -- 3. Pupils who need extended instruction or a step up, with their score and the goal's
    --    success criterion, in the classes the teacher gave feedback in (or the class asked about).
    local classes, seen = {}, {}
    if q.class then classes[1] = q.class; seen[q.class] = true end
    for _, f in ipairs(ctx.feedback{ teacher = q.teacher, from = from, to = q.day }) do
      if not seen[f.class] then seen[f.class] = true; classes[#classes + 1] = f.class end
    end
    local goals = {}
    for _, g in ipairs(ctx.goals()) do goals[g.id] = g end
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
      for _, group in ipairs({ { list = low, text = "extended", priority = 3 }, { list = high, text = "step_up", priority = 5 } }) do
        if #group.list > 0 then
          local goal = group.list[1].goal
          local names, refs = {}, {}
          for _, who in ipairs(group.list) do
            if who.goal == goal then
              names[#names + 1] = ctx.t("pupil", { pupil = aliases[who.pupil] or who.pupil, rate = math.floor(who.sum / who.n + 0.5) })
              for _, ref in ipairs(who.refs) do refs[#refs + 1] = ref end
            end
          end
          local g = goals[goal]
          local criterion = g and g.success_criteria and g.success_criteria[1]
          ctx.suggest{ teacher = q.teacher, class = class, goal = goal, priority = group.priority,
                       text = ctx.t((group.text == "step_up" and #names == 1) and "step_up_one" or group.text,
                                    { pupils = table.concat(names, ", "), goal = g and g.title or goal, high = p.high }),
                       next_step = criterion and ctx.t(#names == 1 and "criterion_one" or "criterion", { criterion = criterion })
                         or ctx.t("no_criterion"),
                       evidence = refs, why = ctx.t("why_extended") }
        end
      end
    end
  end,
}
