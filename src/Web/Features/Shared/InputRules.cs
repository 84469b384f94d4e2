using System.Collections;
using FiveSocieties.Matching.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Shared;

/// Checks every value that a form, a query string or a JSON body binds, whatever the model: text
/// without control or direction characters (<see cref="PlainText"/>), enum values the enum defines
/// (a number such as "urgency": 7 is refused, never stored), dates within 1900–2099 (9999-12-31
/// would overflow the day arithmetic behind windows and filters), finite numbers. One rule for every
/// input model, so a new form or API field cannot forget it; the domain checks text and enums again.
public sealed class InputRules : IModelValidatorProvider
{
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    public void CreateValidators(ModelValidatorProviderContext context)
    {
        // Properties and action parameters; a list's elements are checked with the list, so that the
        // message stands on the field ("Groups"), not on "Groups[3]".
        if (context.ModelMetadata.MetadataKind == ModelMetadataKind.Type) return;
        // [ValidateNever] on a parameter (the framework honours it on properties only): that value is
        // made readable and checked by the action's own service.
        if (context.ModelMetadata is DefaultModelMetadata { Attributes: var attributes }
            && (attributes.ParameterAttributes ?? attributes.PropertyAttributes ?? []).OfType<ValidateNeverAttribute>().Any()) return;
        var type = context.ModelMetadata.ModelType;
        var element = ElementType(type);
        if (Rule(Nullable.GetUnderlyingType(element) ?? element) is { } rule)
            context.Results.Add(new ValidatorItem { Validator = new Validator(rule, element != type), IsReusable = true });
    }

    /// The element type of a list or array field (List&lt;BeneficiaryGroup&gt;, string[]), else the type itself.
    private static Type ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return type;
        if (type.IsArray) return type.GetElementType()!;
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] ?? type;
    }

    private static Func<object, Message?>? Rule(Type type)
    {
        if (type == typeof(string)) return value => PlainText.Check((string)value, multiline: true) is var p and not PlainText.Problem.None
            ? new Message(PlainText.Message(p)) : null;
        if (type.IsEnum) return value => Enum.IsDefined(type, value) ? null : new Message("{0}的值无效。");
        if (type == typeof(DateOnly)) return value => InRange((DateOnly)value);
        if (type == typeof(DateTime)) return value => InRange(DateOnly.FromDateTime((DateTime)value));
        if (type == typeof(DateTimeOffset)) return value => InRange(DateOnly.FromDateTime(((DateTimeOffset)value).UtcDateTime));
        if (type == typeof(double)) return value => double.IsFinite((double)value) ? null : new Message("{0}必须是有效的数字。");
        if (type == typeof(float)) return value => float.IsFinite((float)value) ? null : new Message("{0}必须是有效的数字。");
        return null;
    }

    private static Message? InRange(DateOnly date) =>
        date < EarliestDate || date > LatestDate ? new Message("{0}超出可填写的日期范围（1900 年至 2099 年）。") : null;

    private sealed class Validator(Func<object, Message?> rule, bool each) : IModelValidator
    {
        public IEnumerable<ModelValidationResult> Validate(ModelValidationContext context)
        {
            if (context.Model is null) return [];
            var values = each ? ((IEnumerable)context.Model).Cast<object?>() : [context.Model];
            var problem = values.OfType<object>().Select(rule).FirstOrDefault(m => m is not null);
            if (problem is null) return [];
            var localizer = context.ActionContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            // A parameter without a [Display] name ("reason") is named in words, not by its C# name.
            var name = context.ModelMetadata.DisplayName is { } display ? localizer[display].Value : localizer["填写的内容"].Value;
            return [new ModelValidationResult("", localizer[problem.Template, name])];
        }
    }
}
