import CoachCore
import CoachEngine
import Foundation

/// Prompt volume per week, as a table for people (tab-separated, one line a week, and a total).
public enum VolumeReport {
    public static func text(_ volume: [PromptVolume], language: Language) -> String {
        let nl = language == .nl
        var lines = [nl ? "week\tprompts\tgem. per leerkracht\tgetoond\tachtergehouden\tper regel"
                        : "week\tprompts\tmean per teacher\tshown\theld back\tper rule"]
        // One decimal, with the reader's decimal sign (a Dutch reader writes 4,3).
        func decimal(_ value: Double) -> String {
            let text = String(format: "%.1f", value)
            return nl ? text.replacingOccurrences(of: ".", with: ",") : text
        }
        for v in volume {
            let rules = v.perRule.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.append("\(v.week)\t\(v.stored)\t\(decimal(v.perTeacher))\t\(v.shown)\t\(v.heldBack)\t\(rules)")
        }
        let stored = volume.reduce(0) { $0 + $1.stored }
        let shown = volume.reduce(0) { $0 + $1.shown }
        let average = volume.isEmpty ? 0 : volume.reduce(0) { $0 + $1.perTeacher } / Double(volume.count)
        let weeks = volume.count
        lines.append(nl
            ? "samen: \(stored) prompts in \(weeks) \(weeks == 1 ? "week" : "weken"), gemiddeld \(decimal(average)) per leerkracht per week, \(shown) getoond, \(stored - shown) achtergehouden"
            : "total: \(stored) prompts in \(weeks) \(weeks == 1 ? "week" : "weeks"), on average \(String(format: "%.1f", average)) per teacher per week, \(shown) shown, \(stored - shown) held back")
        return lines.joined(separator: "\n")
    }
}
