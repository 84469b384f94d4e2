using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace FiveSocieties.Web.Features.Shared;

/// Chinese messages for validation attributes that do not give their own, and for the values the
/// model binder cannot read, so that no form or API answer falls back to English. The messages are
/// keys of the string table, like every other text.
public sealed class ChineseValidationMessages : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
        {
            if (attribute.ErrorMessage is not null || attribute.ErrorMessageResourceName is not null) continue;
            attribute.ErrorMessage = attribute switch
            {
                RequiredAttribute => "请填写{0}",
                StringLengthAttribute { MinimumLength: > 0 } => "{0}应为 {2} 到 {1} 个字",
                StringLengthAttribute => "{0}不能超过 {1} 个字",
                MaxLengthAttribute => "{0}不能超过 {1} 个字",
                RangeAttribute => "{0}应在 {1} 到 {2} 之间",
                RegularExpressionAttribute => "{0}格式不正确",
                CompareAttribute => "{0}与{1}不一致",
                _ => "{0}填写有误",
            };
        }
    }

    public static void Apply(MvcOptions options)
    {
        options.ModelMetadataDetailsProviders.Add(new ChineseValidationMessages());
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, field) => $"“{value}”不是有效的{field}。");
        m.SetMissingBindRequiredValueAccessor(field => $"请填写{field}。");
        m.SetMissingKeyOrValueAccessor(() => "请填写此项。");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空。");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”无效。");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "填写的值无效。");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "请填写数字。");
        m.SetUnknownValueIsInvalidAccessor(field => $"{field}的值无效。");
        m.SetValueIsInvalidAccessor(value => $"“{value}”无效。");
        m.SetValueMustBeANumberAccessor(field => $"{field}必须是数字。");
        m.SetValueMustNotBeNullAccessor(value => $"“{value}”不能为空。");
    }
}
