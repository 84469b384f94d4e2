using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Tests.Common;

public class ValueTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Quantity_ZeroOrNegative_IsImpossible(long amount)
    {
        var refused = Assert.Throws<DomainException>(() => Quantity.People(amount));

        Assert.Equal("quantity.positive", refused.Code);
    }

    [Theory]
    [InlineData(QuantityUnit.People, Quantity.MaxPeople)]
    [InlineData(QuantityUnit.Hours, Quantity.MaxHours)]
    [InlineData(QuantityUnit.Money, Quantity.MaxMoneyFen)]
    public void Quantity_AboveItsUnitsMaximum_IsRefused(QuantityUnit unit, long max)
    {
        Assert.Equal(max, new Quantity(max, unit).Amount);

        var refused = Assert.Throws<DomainException>(() => new Quantity(max + 1, unit));
        Assert.Equal("quantity.too-large", refused.Code);
    }

    [Fact]
    public void Quantity_UnknownUnit_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new Quantity(1, (QuantityUnit)99));

        Assert.Equal("quantity.unit", refused.Code);
    }

    [Fact]
    public void Quantity_ToString_NamesTheUnit()
    {
        Assert.Equal("3 人", Quantity.People(3).ToString());
        Assert.Equal("12 小时", Quantity.Hours(12).ToString());
        Assert.Equal("¥2,000.00", Quantity.Of(Money.FromYuan(2_000)).ToString());
    }

    [Fact]
    public void Quantity_AsMoney_OnlyForMoney()
    {
        Assert.Equal(new Money(500), Quantity.Of(new Money(500)).AsMoney);
        Assert.Null(Quantity.Hours(2).AsMoney);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ActorRef_WithoutId_IsRefused(string id)
    {
        var refused = Assert.Throws<DomainException>(() => new ActorRef(id, "李社工"));

        Assert.Equal("actor.required", refused.Code);
    }

    [Fact]
    public void ActorRef_NameOver64Characters_IsRefused()
    {
        Assert.Throws<DomainException>(() => new ActorRef("u-1", new string('名', 65)));
    }

    [Fact]
    public void ActorRef_System_IsNamedInChinese()
    {
        Assert.Equal("system", ActorRef.System.Id);
        Assert.Equal("系统", ActorRef.System.Name);
    }

    [Fact]
    public void DomainException_KeepsTemplateAndArgumentsForTheUi()
    {
        var exception = new DomainException("field.too-long", "{0}不能超过 {1} 个字。", "标题", 60);

        Assert.Equal("标题不能超过 60 个字。", exception.Message);
        Assert.Equal("{0}不能超过 {1} 个字。", exception.Template);
        Assert.Equal(new object[] { "标题", 60 }, exception.Args);
    }

    [Fact]
    public void DomainException_WithoutArguments_KeepsBracesAsTyped()
    {
        Assert.Equal("格式 {x} 不对", new DomainException("c", "格式 {x} 不对").Message);
    }
}
