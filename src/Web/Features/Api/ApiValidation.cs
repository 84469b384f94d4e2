using System.Collections;
using System.Reflection;
using System.Text.Json;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Api;

/// The API's answer to a request the model binder or the validators refused: 400 problem details
/// with a Chinese message for each field, keyed by the field as the JSON spells it ("urgency",
/// "groups"). System.Text.Json's own English ("The JSON value could not be converted to
/// System.Nullable`1[…]") never reaches the caller: a value that does not fit its field is
/// described from the field's type (for an enum, the names it accepts).
public static class ApiValidation
{
    public static IActionResult Respond(ActionContext context)
    {
        var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var bodyType = context.ActionDescriptor.Parameters.FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var jsonFailed = context.ModelState.Keys.Any(k => k.StartsWith('$'));
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.Errors.Count == 0) continue;
            // A body that could not be read leaves its parameter empty, and the framework then also
            // says the parameter ("input") is required: the JSON error is the one that matters.
            if (jsonFailed && bodyType is not null && key == bodyType.Name) continue;
            var field = FieldName(key);
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            foreach (var error in entry.Errors)
            {
                var message = key.StartsWith('$') ? DoesNotFit(l, bodyType?.ParameterType, key) : error.ErrorMessage;
                if (message.Length == 0) message = l["格式不正确"];
                if (!list.Contains(message)) list.Add(message);
            }
        }
        var problem = new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = l["提交的内容有误"],
            Detail = string.Join(" ", errors.Values.SelectMany(v => v).Distinct()),
        };
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }

    /// "$.groups[2]" and "Input.Groups" → "groups"; "$" (the body as a whole) → "".
    private static string FieldName(string key)
    {
        var path = key.TrimStart('$').TrimStart('.');
        var bracket = path.IndexOf('[');
        if (bracket >= 0) path = path[..bracket];
        return string.Join('.', path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(JsonNamingPolicy.CamelCase.ConvertName));
    }

    private static string DoesNotFit(IStringLocalizer l, Type? body, string key)
    {
        var type = body is null ? null : TypeAt(body, key);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is null || key is "$") return l["请求内容不是有效的 JSON，或其中有无法识别的值。"];
        if (type.IsEnum) return l["应为以下之一：{0}。", string.Join("、", Enum.GetNames(type))];
        if (type == typeof(bool)) return l["应为 true 或 false。"];
        if (type == typeof(DateOnly)) return l["应为日期，如 2026-03-01。"];
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return l["应为日期时间，如 2026-03-01T09:30:00+08:00。"];
        if (type == typeof(int) || type == typeof(long)) return l["应为整数，且不能过大。"];
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float)) return l["应为数字，且不能过大。"];
        if (type == typeof(string)) return l["应为文字。"];
        if (typeof(IEnumerable).IsAssignableFrom(type)) return l["应为列表。"];
        return l["格式不正确"];
    }

    /// The type of the value at a JSON path ("$.groups[1]") inside the body type, by property names
    /// compared without regard to case (as the serializer binds them here); null if it cannot tell.
    private static Type? TypeAt(Type root, string path)
    {
        var type = root;
        foreach (var raw in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = raw.IndexOf('[');
            var name = bracket >= 0 ? raw[..bracket] : raw;
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return null;
            type = property.PropertyType;
            if (bracket >= 0) type = ElementOf(type) ?? type;
        }
        return type;
    }

    private static Type? ElementOf(Type type) => type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
