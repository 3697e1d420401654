package org.saturn.ui.views.identifiability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.saturn.core.results.Parameter;
import org.saturn.core.results.RunRecord;

/**
 * Legend labels for groups that share model and regime (a sweep over a varied parameter): the
 * label is followed by the parameters whose values differ between the groups shown, by their last
 * name ({@code lr=0.002 reparametrizeScale=0.5}), instead of the group's hash.
 */
final class GroupLabels {

    private GroupLabels() {
    }

    /**
     * @param labels  the plain label of each group (model and regime), by group
     * @param records a record of each group, by group
     * @return each group's label with the parameters that tell it apart from the others
     */
    static Map<String, String> distinguishing(Map<String, String> labels, Map<String, RunRecord> records) {
        Map<String, Map<String, String>> parameters = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        records.forEach((group, record) -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (Parameter parameter : record.getParameters()) {
                values.put(parameter.getKey(), parameter.getValue());
                keys.add(parameter.getKey());
            }
            parameters.put(group, values);
        });
        List<String> varied = new ArrayList<>();
        for (String key : keys) {
            if (parameters.values().stream().map(values -> values.get(key)).distinct().count() > 1) {
                varied.add(key);
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        labels.forEach((group, label) -> {
            StringBuilder text = new StringBuilder(label);
            Map<String, String> values = parameters.getOrDefault(group, Map.of());
            for (String key : varied) {
                text.append(' ').append(key.substring(key.lastIndexOf('.') + 1)).append('=').append(values.get(key));
            }
            result.put(group, varied.isEmpty() ? group : text.toString());
        });
        return result;
    }
}
