package dev.ficus.flags;

/**
 * What a flag source holds for one flag, as far as Ficus reads it: the environment's on/off, the
 * canary share (the {@code rollout} of its {@code flexibleRollout} strategy), the stage (the name
 * of that strategy's variant) and a rollback (in that variant's JSON payload).
 *
 * @param name the flag
 * @param project the Unleash project it belongs to, or null (a flags file)
 * @param enabled whether the flag is on in the environment; off means nobody is sent to the new
 *     side
 * @param share the {@code flexibleRollout} percentage, 0 to 100; null without such a strategy
 * @param stage the stage its variant names; null when it names none (the configured mode applies)
 * @param rollback the rollback in force, or null
 * @param strategies how many strategies it has (more than one: Unleash decides by any of them)
 */
public record FlagDefinition(
    String name,
    String project,
    boolean enabled,
    Integer share,
    Stage stage,
    FlagRollback rollback,
    int strategies) {}
