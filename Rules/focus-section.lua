-- Focus section: prompts only about this period's focus section of a kijkwijzer.
--
-- Seed 002 (Peter Benoit, "Creëren van een kijkwijzer"): "Om het team niet te overbelasten,
-- wordt telkens voor een bepaalde periode gefocust op één onderdeel uit de kijkwijzer."
-- Low scores outside the focus stay quiet, unless the school allows urgent ones.
return rule {
  id = "focus-section",
  title = { nl = "Focus op één onderdeel van de kijkwijzer", en = "Focus on one kijkwijzer section" },
  description = "Lage scores op de kijkpunten van het focusonderdeel van deze periode; andere onderdelen blijven stil.",
  seed = "seed 002, Peter Benoit: één onderdeel van de kijkwijzer per periode",
  why = {
    nl = "Wie per periode één onderdeel van de kijkwijzer centraal zet, maakt groei zichtbaar en haalbaar; alles tegelijk aanpakken lukt niet.",
    en = "Putting one section of the kijkwijzer at the centre each period makes growth visible and feasible; tackling everything at once does not work.",
  },
  source = { nl = "VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’", en = "VideoKLuB knowledge file ‘Goal-directed differentiation’" },
  on = { "observation.recorded", "week.ended" },
  params = {
    low = 2,               -- on a 1-5 scale: this score or lower is low (on ✓/✗: absent is low)
    allow_urgent = false,  -- also speak about other sections when a score is urgent
    urgent = 1,            -- what counts as urgent on a 1-5 scale
    unobserved_after = 3,  -- weeks into the period before focus items never observed are named
  },
  texts = {
    nl = {
      low = "Kijkpunt {item} van het focusonderdeel ‘{section}’ kwam {often} voor ({score} op 5, van zelden tot altijd): ‘{text}’",
      low_absent = "Kijkpunt {item} van het focusonderdeel ‘{section}’ was niet te zien: ‘{text}’",
      urgent = "Vraagt aandacht, ook al valt het buiten de focus van deze periode: kijkpunt {item} (‘{section}’) kwam {often} voor ({score} op 5, van zelden tot altijd): ‘{text}’",
      urgent_absent = "Vraagt aandacht, ook al valt het buiten de focus van deze periode: kijkpunt {item} (‘{section}’) was niet te zien: ‘{text}’",
      often_1 = "zelden", often_2 = "soms", often_3 = "regelmatig", often_4 = "vaak", often_5 = "altijd",
      next = "Bekijk samen een lesfragment rond kijkpunt {item}; de leerkracht kiest er één groeikans uit voor de volgende les.",
      next_own = "De leerkracht koos zelf al iets om aan te werken: ‘{work_on}’. Spreek samen af in welke les jullie dat bekijken, met kijkpunt {item} erbij.",
      unobserved = "Kijkpunten van het focusonderdeel ‘{section}’ die deze periode nog niet geobserveerd zijn: {items}.",
      unobserved_one = "Kijkpunt {items} van het focusonderdeel ‘{section}’ werd deze periode nog niet geobserveerd.",
      next_unobserved = "Kies bij de volgende observatie of videoreflectie een fragment waarin kijkpunt {first} te zien is.",
      self_rated = "Zelfreflectie van de leerkracht. ",
    },
    en = {
      low = "Item {item} of the focus section ‘{section}’ occurred {often} ({score} of 5, from rarely to always): ‘{text}’",
      low_absent = "Item {item} of the focus section ‘{section}’ could not be seen: ‘{text}’",
      urgent = "Needs attention, even though it lies outside this period's focus: item {item} (‘{section}’) occurred {often} ({score} of 5, from rarely to always): ‘{text}’",
      urgent_absent = "Needs attention, even though it lies outside this period's focus: item {item} (‘{section}’) could not be seen: ‘{text}’",
      often_1 = "rarely", often_2 = "sometimes", often_3 = "regularly", often_4 = "often", often_5 = "always",
      next = "Watch a lesson fragment on item {item} together; the teacher chooses one growth point from it for the next lesson.",
      next_own = "The teacher already chose something to work on: ‘{work_on}’. Agree together in which lesson you will look at it, with item {item} alongside.",
      unobserved = "Items of the focus section ‘{section}’ not observed yet this period: {items}.",
      unobserved_one = "Item {items} of the focus section ‘{section}’ has not been observed yet this period.",
      next_unobserved = "At the next observation or video reflection, choose a fragment in which item {first} can be seen.",
      self_rated = "The teacher's own reflection. ",
    },
  },
  run = function(ev, ctx, p)
    local period = ctx.period()
    if not period or not period.focus then return end
    if ev.kind == "week.ended" then
      -- Focus items nobody looked at yet this period, per teacher who was observed with the kijkwijzer.
      if ctx.days(period.start, ctx.today()) < 7 * p.unobserved_after then return end
      local instrument = ctx.instrument(period.focus.instrument)
      local section
      for _, s in ipairs(instrument and instrument.sections or {}) do
        if s.number == period.focus.section then section = s end
      end
      if not section then return end
      for _, teacher in ipairs(ctx.teachers()) do
        local seen, refs, any = {}, {}, false
        for _, o in ipairs(ctx.observations{ teacher = teacher.id, from = period.start }) do
          if o.instrument == period.focus.instrument then
            any = true
            refs[#refs + 1] = o.ref
            for item in pairs(o.scores) do seen[item] = true end
          end
        end
        local missing = {}
        for _, item in ipairs(section.items) do
          if not seen[item.key] then missing[#missing + 1] = item.key end
        end
        if any and #missing > 0 then
          ctx.prompt{
            to = "coach", teacher = teacher.id, key = "unobserved", priority = 4, focus = true,
            text = ctx.t(#missing == 1 and "unobserved_one" or "unobserved", { section = section.title, items = table.concat(missing, ", ") }),
            next_step = ctx.t("next_unobserved", { first = missing[1] }), evidence = refs,
          }
        end
      end
      return
    end
    if ev.instrument ~= period.focus.instrument then return end
    local instrument = ctx.instrument(ev.instrument, ev.version)
    local observation
    for _, o in ipairs(ctx.observations{ teacher = ev.teacher, from = ev.date, to = ev.date }) do
      if o.id == ev.id then observation = o end
    end
    if not observation or not instrument then return end

    local items, sections = {}, {}
    for _, section in ipairs(instrument.sections) do
      sections[section.number] = section.title
      for _, item in ipairs(section.items) do items[item.key] = item.text end
    end
    local function is_low(score, limit)
      if instrument.scale == "frequency" then return score <= limit end
      return score == 0
    end

    -- The teacher's own choice, shortened to a sentence's length.
    local work_on = observation.work_on
    if work_on and work_on:match("%S") then
      if utf8.len(work_on) and utf8.len(work_on) > 160 then work_on = work_on:sub(1, utf8.offset(work_on, 158) - 1) .. "…" end
    else
      work_on = nil
    end
    local keys = {}
    for item in pairs(observation.scores) do keys[#keys + 1] = item end
    table.sort(keys) -- the same order on every run
    for _, item in ipairs(keys) do
      local score = observation.scores[item]
      local section = tonumber(item:match("^(%d+)%."))
      local text = items[item] or ""
      -- A long item (Peter Benoit's 3.1 runs to 480 characters) is quoted by its start.
      if (utf8.len(text) or 0) > 160 then text = text:sub(1, utf8.offset(text, 158) - 1) .. "…" end
      local frequency = instrument.scale == "frequency"
      local vars = { score = score, item = item, section = sections[section] or "?", text = text, work_on = work_on,
                     often = frequency and score >= 1 and score <= 5 and ctx.t("often_" .. math.floor(score)) or "" }
      -- On a 1-5 scale the number says how often (not a grade); on ✓/✗ a low item was not seen.
      local absent = frequency and "" or "_absent"
      -- What the teacher chose to work on is theirs: the next step builds on it rather than
      -- asking them to choose again (the kijkwijzer's "Dit zal ik aanpakken").
      local next_key = work_on and "next_own" or "next"
      -- A teacher's own rating of the lesson is not a coach's observation: the prompt says so.
      local own = observation.kind == "selfReflection"
      if section == period.focus.section and is_low(score, p.low) then
        -- The lowest scores first: with two prompts a week per teacher, the most needed one shows.
        ctx.prompt{
          to = "coach", teacher = ev.teacher, key = "item/" .. item, priority = is_low(score, p.urgent) and 1 or 2, focus = true,
          text = (own and ctx.t("self_rated") or "") .. ctx.t("low" .. absent, vars), next_step = ctx.t(next_key, vars),
          evidence = { observation.ref },
        }
      elseif section ~= period.focus.section and p.allow_urgent and is_low(score, p.urgent) then
        ctx.prompt{
          to = "coach", teacher = ev.teacher, key = "item/" .. item, priority = 1,
          text = (own and ctx.t("self_rated") or "") .. ctx.t("urgent" .. absent, vars), next_step = ctx.t(next_key, vars),
          evidence = { observation.ref },
        }
      end
    end
  end,
}
