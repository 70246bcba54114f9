package mqcompat;

/** One client behaviour against the broker: runs, and returns what it observed. */
@FunctionalInterface
interface Scenario {
    Json run(Ctx ctx) throws Exception;
}
