package mqcompat;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every scenario by name. */
final class Scenarios {
    static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        ProducerScenarios.register(ALL);
        PushScenarios.register(ALL);
        PullScenarios.register(ALL);
        RetryScenarios.register(ALL);
        TraceScenarios.register(ALL);
        PositionScenarios.register(ALL);
        NamespaceScenarios.register(ALL);
        TransactionScenarios.register(ALL);
        HaScenarios.register(ALL);
        FailoverScenarios.register(ALL);
        TransactionPhases.register(ALL);
        TimerScenarios.register(ALL);
        AclScenarios.register(ALL);
    }

    private Scenarios() {}
}
