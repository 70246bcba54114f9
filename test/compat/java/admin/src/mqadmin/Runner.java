package mqadmin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.PosixParser;
import org.apache.rocketmq.srvutil.ServerUtil;
import org.apache.rocketmq.tools.command.MQAdminStartup;
import org.apache.rocketmq.tools.command.SubCommand;

/**
 * The real mqadmin (rocketmq-tools' SubCommand classes, found the way MQAdminStartup finds them)
 * run step after step in one JVM, so a test pays one JVM start for thirty commands. A step is a
 * subcommand and its arguments, tab-separated, run with "-n namesrvAddr" appended exactly as
 * MQAdminStartup.main0 parses and executes it; or a helper step: @capture, @offset-msg-id and
 * @until here, @push-consumer and @traced-send in {@link Steps}.
 *
 * A line of the steps file is a step's name, a tab, then the step. Each step prints one JSON line,
 * {"scenario":name,"result":{"command":"...","exit":n,"out":"..."}} (test/compat/scenario-run.ts): exit 0 when
 * execute() returned, 1 when it threw (its stack trace ends out). mqadmin itself prints the trace
 * and exits 0 either way; the runner tells them apart. "${name}" in a step is replaced by a value
 * an earlier "@capture" step took from the output before it.
 *
 * Usage: Runner <namesrvAddr> <stepsFile>
 */
public final class Runner {
    private static final long UNTIL_TIMEOUT_MS = 30_000;
    private final String namesrvAddr;
    private final List<SubCommand> commands;
    private final Map<String, String> vars = new HashMap<>();
    private final Steps steps;
    private String lastOut = "";
    /** What the running step has printed so far. */
    private ByteArrayOutputStream current = new ByteArrayOutputStream();

    private Runner(String namesrvAddr) throws Exception {
        this.namesrvAddr = namesrvAddr;
        this.commands = subCommands();
        this.steps = new Steps(namesrvAddr);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Runner <namesrvAddr> <stepsFile>");
            System.exit(2);
        }
        System.setProperty("rocketmq.namesrv.addr", args[0]);
        Runner runner = new Runner(args[0]);
        List<String> lines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        PrintStream stdout = System.out;
        for (String line : lines) {
            if (line.isEmpty()) continue;
            String substituted = runner.substitute(line);
            String[] fields = substituted.split("\t");
            String name = fields[0];
            String[] step = Arrays.copyOfRange(fields, 1, fields.length);
            if (substituted.contains("${")) {
                stdout.println(line(name, String.join(" ", step), 1, "a variable of this step is unset: an earlier @capture failed"));
            } else {
                stdout.println(runner.run(name, step, stdout));
            }
            stdout.flush();
        }
        runner.steps.close();
        System.exit(0);
    }

    /** MQAdminStartup's command list (subCommandList in 4.x, SUB_COMMANDS in 5.x), filled by initCommand(). */
    @SuppressWarnings("unchecked")
    private static List<SubCommand> subCommands() throws Exception {
        MQAdminStartup.initCommand();
        for (Field f : MQAdminStartup.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && List.class.isAssignableFrom(f.getType())) {
                f.setAccessible(true);
                return (List<SubCommand>) f.get(null);
            }
        }
        throw new IllegalStateException("MQAdminStartup has no static command list");
    }

    private String substitute(String line) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(line);
        StringBuffer sb = new StringBuffer();
        while (m.find()) {
            String value = vars.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String run(String name, String[] fields, PrintStream stdout) {
        ByteArrayOutputStream buffer = current = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true);
        PrintStream stderr = System.err;
        System.setOut(capture);
        System.setErr(capture);
        int exit;
        try {
            exit = step(fields);
        } catch (Throwable e) {
            e.printStackTrace(capture);
            exit = 1;
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String out = new String(buffer.toByteArray(), StandardCharsets.UTF_8);
        if (!fields[0].startsWith("@capture") && !fields[0].equals("@offset-msg-id")) lastOut = out;
        return line(name, String.join(" ", fields), exit, out);
    }

    private static String line(String name, String command, int exit, String out) {
        return "{\"scenario\":" + quote(name) + ",\"result\":{\"command\":" + quote(command) + ",\"exit\":" + exit + ",\"out\":" + quote(out) + "}}";
    }

    private int step(String[] fields) throws Exception {
        switch (fields[0]) {
            case "@capture": return capture(fields[1], fields[2]);
            case "@offset-msg-id": return offsetMsgId(fields[1]);
            case "@push-consumer": return steps.pushConsumer(fields[1], fields[2], Integer.parseInt(fields[3]));
            case "@traced-send": return steps.tracedSend(fields[1], fields[2]);
            case "@until": return until(fields[1], Arrays.copyOfRange(fields, 2, fields.length));
            default: return subCommand(fields);
        }
    }

    /**
     * @until regex subcommand...: for the commands that loop until stopped (clusterRT): runs the
     * subcommand on a thread, and once its output matches regex interrupts it (its sleep throws,
     * it shuts its clients down) and waits for it to end.
     */
    private int until(String regex, String[] command) throws Exception {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        Thread thread = new Thread(() -> {
            try {
                subCommand(command);
            } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted() && !(e.getCause() instanceof InterruptedException)) e.printStackTrace();
            }
        }, "until-" + command[0]);
        thread.start();
        long end = System.currentTimeMillis() + UNTIL_TIMEOUT_MS;
        boolean matched = false;
        while (thread.isAlive() && System.currentTimeMillis() < end) {
            if (pattern.matcher(current.toString(StandardCharsets.UTF_8.name())).find()) {
                matched = true;
                break;
            }
            Thread.sleep(50);
        }
        thread.interrupt();
        thread.join(UNTIL_TIMEOUT_MS);
        if (!matched) System.out.println("no match of " + regex);
        return matched ? 0 : 1;
    }

    /** Sets vars[name] to group 1 of the first match of regex in the previous step's output. */
    private int capture(String name, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(lastOut);
        if (!m.find()) {
            System.out.println("no match of " + regex);
            return 1;
        }
        vars.put(name, m.group(1));
        System.out.println(name + "=" + m.group(1));
        return 0;
    }

    /**
     * Sets vars[name] to the offset message id (store host IPv4, port, commit log offset; 32 hex
     * digits) of the message the previous step printed with "Store Host:" and "CommitLog Offset:".
     */
    private int offsetMsgId(String name) {
        Matcher host = Pattern.compile("Store Host:\\s*(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+):(\\d+)").matcher(lastOut);
        Matcher offset = Pattern.compile("CommitLog Offset:\\s*(\\d+)").matcher(lastOut);
        if (!host.find() || !offset.find()) {
            System.out.println("no Store Host or CommitLog Offset line");
            return 1;
        }
        StringBuilder id = new StringBuilder();
        for (int g = 1; g <= 4; g++) id.append(String.format("%02X", Integer.parseInt(host.group(g))));
        id.append(String.format("%08X%016X", Integer.parseInt(host.group(5)), Long.parseLong(offset.group(1))));
        vars.put(name, id.toString());
        System.out.println(name + "=" + id);
        return 0;
    }

    /** As MQAdminStartup.main0: find by name or alias, parse the rest with the common options, execute
     *  signed with the keys of $ROCKETMQ_HOME/conf/tools.yml when that file exists (AclUtils.getAclRPCHook). */
    private int subCommand(String[] fields) throws Exception {
        SubCommand found = commands.stream()
            .filter(c -> c.commandName().equalsIgnoreCase(fields[0]) || fields[0].equalsIgnoreCase(c.commandAlias()))
            .findFirst().orElse(null);
        if (found == null) {
            System.out.println("The sub command " + fields[0] + " not exist.");
            return 2;
        }
        // A fresh instance per step, as a fresh mqadmin process has: some commands keep their client in a field.
        SubCommand cmd = found.getClass().getDeclaredConstructor().newInstance();
        List<String> args = new ArrayList<>(Arrays.asList(fields).subList(1, fields.length));
        args.add("-n");
        args.add(namesrvAddr);
        Options options = ServerUtil.buildCommandlineOptions(new Options());
        CommandLine line = ServerUtil.parseCmdLine("mqadmin " + cmd.commandName(), args.toArray(new String[0]),
            cmd.buildCommandlineOptions(options), new PosixParser());
        if (line == null) return 2;
        cmd.execute(line, options, toolsHook());
        return 0;
    }

    /** mqadmin's ACL hook: the keys of <rocketmq.home.dir or ROCKETMQ_HOME>/conf/tools.yml, or none. */
    private static org.apache.rocketmq.remoting.RPCHook toolsHook() {
        String home = System.getProperty("rocketmq.home.dir", System.getenv("ROCKETMQ_HOME"));
        if (home == null || !Files.exists(Paths.get(home, "conf", "tools.yml"))) return null;
        return org.apache.rocketmq.acl.common.AclUtils.getAclRPCHook(home + "/conf/tools.yml");
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\t') sb.append("\\t");
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
