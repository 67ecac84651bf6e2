-- A first taste of a rule, runnable with `coach sandbox run Rules/examples/hello.lua`.
--
-- The engine will hand rules real records through `ctx`; here the records are written out
-- by hand. Scores are from the Peter Benoit kijkwijzer "doelgerichte differentiatie"
-- (seed 002), scale 1-5 ("Doe je dit al?"); this period's focus is section 3.

local focus_section = 3
local observation = {
  { section = 1, item = "1.2", score = 4 },
  { section = 3, item = "3.1", score = 2 },
  { section = 3, item = "3.2", score = 4 },
  { section = 3, item = "3.4", score = 1 },
  { section = 5, item = "5.1", score = 1 }, -- low, but not this period's focus: stays quiet
}

local low = {}
for _, score in ipairs(observation) do
  if score.section == focus_section and score.score <= 2 then
    low[#low + 1] = score.item
  end
end
table.sort(low)

if #low == 0 then
  return ("Focus op sectie %d: geen lage scores."):format(focus_section)
end
return ("Focus op sectie %d: lage scores op %s."):format(focus_section, table.concat(low, ", ")),
  "Volgende stap: kies samen met de leerkracht één item en bekijk een fragment waarin het lukt."
