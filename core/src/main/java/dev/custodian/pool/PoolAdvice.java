package dev.custodian.pool;

import dev.custodian.internal.Json;
import dev.custodian.internal.TextTable;
import java.util.List;
import java.util.Map;

/**
 * The engine's pool recipe, the settings checked and the advisor's findings.
 *
 * @param recipe what the engine recommends
 * @param checked the settings the findings are about
 * @param findings what to change, most severe first
 */
public record PoolAdvice(PoolRecipe recipe, PoolSettings checked, List<PoolFinding> findings) {
    public PoolAdvice {
        findings = List.copyOf(findings);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("Pool recipe for ").append(recipe.engine()).append(":\n");
        for (Map.Entry<String, String> e : recipe.settings().entrySet()) {
            sb.append("  ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        for (String note : recipe.notes()) {
            sb.append("  note: ").append(note).append('\n');
        }
        if (findings.isEmpty()) {
            sb.append("Findings: none\n");
        } else {
            sb.append("Findings:\n");
            TextTable table = new TextTable("SEVERITY", "SETTING", "CURRENT", "RECOMMENDED", "WHY");
            for (PoolFinding f : findings) {
                table.row(f.severity().name(), f.setting(), f.current(), f.recommended(), f.why());
            }
            sb.append(table.render());
        }
        return sb.toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
