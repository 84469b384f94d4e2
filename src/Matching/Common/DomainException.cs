namespace FiveSocieties.Matching.Common;

/// A business rule refused an operation. <see cref="Template"/> is the Chinese sentence with
/// {0}-style holes, so the UI can localise it; <see cref="Exception.Message"/> is the filled-in text.
public class DomainException(string code, string template, params object[] args)
    : Exception(args.Length == 0 ? template : string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args))
{
    public string Code { get; } = code;
    public string Template { get; } = template;
    public IReadOnlyList<object> Args { get; } = args;
}

/// A state machine refused a transition (e.g. rating a need that was never completed).
/// The enums are kept so a UI in another language can name them itself.
public sealed class InvalidTransitionException(string entity, Enum from, Enum action, string fromName, string actionName)
    : DomainException("transition.refused", "{0}当前状态为“{1}”，不能执行“{2}”。", entity, fromName, actionName)
{
    public Enum From { get; } = from;
    public Enum Action { get; } = action;
}
