using FiveSocieties.Matching.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Shared;

/// A message kept as a Chinese template and its arguments, so it is localised where it is shown.
public sealed record Message(string Template, params object[] Args)
{
    public string In(IStringLocalizer localizer) => localizer[Template, Args];
}

/// Field-level messages produced by the feature services and shown by both the pages (ModelState)
/// and the API (RFC 7807 validation problem details). "" is the form as a whole.
public sealed class FormErrors
{
    private readonly Dictionary<string, List<Message>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FormErrors Add(string field, string template, params object[] args)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        var message = new Message(template, args);
        if (!list.Contains(message)) list.Add(message);
        return this;
    }

    /// A domain rule's refusal, placed on the field it concerns when the service knows which.
    public FormErrors Add(DomainException refusal, Func<DomainException, string?> fieldOf) =>
        Add(fieldOf(refusal) ?? "", refusal.Template, [.. refusal.Args]);

    /// The same messages on fields named "{prefix}.{Field}" (a form nested in a larger one).
    public FormErrors Prefixed(string prefix)
    {
        var copy = new FormErrors();
        foreach (var (field, messages) in _errors)
            foreach (var message in messages)
                copy.Add(field.Length == 0 ? "" : $"{prefix}.{field}", message.Template, message.Args);
        return copy;
    }

    /// Another form's messages, about this form as a whole (a bulk action's refusals).
    public FormErrors AddAll(FormErrors other)
    {
        foreach (var message in other._errors.Values.SelectMany(m => m)) Add("", message.Template, message.Args);
        return this;
    }

    public IReadOnlyDictionary<string, string[]> ByField(IStringLocalizer localizer) =>
        _errors.ToDictionary(e => e.Key, e => e.Value.Select(m => m.In(localizer)).ToArray());

    /// Into a page's ModelState. Form fields are named "{prefix}.{Field}"; errors about the whole
    /// form ("") and the fields in <paramref name="unprefixed"/> keep their own names.
    public void CopyTo(ModelStateDictionary modelState, IStringLocalizer localizer, string? prefix = null, params string[] unprefixed)
    {
        foreach (var (field, messages) in _errors)
        {
            var key = prefix is null || field.Length == 0 || unprefixed.Contains(field) ? field : $"{prefix}.{field}";
            foreach (var message in messages) modelState.AddModelError(key, message.In(localizer));
        }
    }

    public static FormErrors Of(string field, string template, params object[] args) => new FormErrors().Add(field, template, args);
}

/// What a feature service did: succeeded with a value, refused with field errors, or found nothing
/// the caller may see.
public sealed class Outcome<T>
{
    private Outcome(T? value, FormErrors? errors, bool notFound)
    {
        Value = value;
        Errors = errors ?? new FormErrors();
        IsNotFound = notFound;
    }

    public T? Value { get; }
    public FormErrors Errors { get; }
    public bool IsNotFound { get; }
    public bool Succeeded => !IsNotFound && !Errors.Any;

    public static Outcome<T> Ok(T value) => new(value, null, false);
    public static Outcome<T> Invalid(FormErrors errors) => new(default, errors, false);
    public static Outcome<T> Invalid(string field, string template, params object[] args) => new(default, FormErrors.Of(field, template, args), false);
    public static Outcome<T> NotFound() => new(default, null, true);
}
