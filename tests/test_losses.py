import math

import numpy as np
import pytest
import torch

from gan_utils.losses import discriminator_loss, generator_loss, optimal_discriminator, value_function


@pytest.fixture
def logits():
    g = torch.Generator().manual_seed(0)
    return torch.randn(64, 1, generator=g) * 2, torch.randn(64, 1, generator=g) * 2 - 1


def test_discriminator_loss_is_minus_value(logits):
    real, fake = logits
    d_x, d_g_z = torch.sigmoid(real), torch.sigmoid(fake)
    hand_v = torch.log(d_x).mean() + torch.log(1 - d_g_z).mean()
    assert value_function(real, fake).item() == pytest.approx(hand_v.item(), abs=1e-5)
    assert discriminator_loss(real, fake).item() == pytest.approx(-hand_v.item(), abs=1e-5)
    bce = torch.nn.BCELoss()
    via_bce = bce(d_x, torch.ones_like(d_x)) + bce(d_g_z, torch.zeros_like(d_g_z))
    assert discriminator_loss(real, fake).item() == pytest.approx(via_bce.item(), abs=1e-5)


def test_label_smoothing_target(logits):
    real, fake = logits
    d_x = torch.sigmoid(real)
    expected = -(0.9 * torch.log(d_x) + 0.1 * torch.log(1 - d_x)).mean() - torch.log(1 - torch.sigmoid(fake)).mean()
    assert discriminator_loss(real, fake, real_target=0.9).item() == pytest.approx(expected.item(), abs=1e-5)


def test_generator_losses_by_hand(logits):
    _, fake = logits
    d_g_z = torch.sigmoid(fake)
    assert generator_loss(fake).item() == pytest.approx(-torch.log(d_g_z).mean().item(), abs=1e-5)
    assert generator_loss(fake, "saturating").item() == pytest.approx(torch.log(1 - d_g_z).mean().item(), abs=1e-5)


def test_saturating_gradient_vanishes_when_d_rejects_fakes():
    # D(G(z)) = 0.001 근처: 판별자가 가짜를 자신 있게 거절하는 학습 초반
    logit = torch.full((1, 1), math.log(0.001 / 0.999), requires_grad=True)
    generator_loss(logit, "saturating").backward()
    g_sat = logit.grad.abs().item()
    logit.grad = None
    generator_loss(logit, "non_saturating").backward()
    g_ns = logit.grad.abs().item()
    assert g_sat == pytest.approx(0.001, rel=0.01)  # d/dl log(1 - σ(l)) = -σ(l)
    assert g_ns == pytest.approx(0.999, rel=0.01)   # d/dl -log σ(l) = σ(l) - 1
    assert g_ns > 100 * g_sat


def test_losses_stay_finite_for_extreme_logits():
    extreme = torch.tensor([[-200.0], [200.0]], requires_grad=True)
    for loss in (discriminator_loss(extreme, extreme), generator_loss(extreme), generator_loss(extreme, "saturating")):
        loss.backward()
        assert torch.isfinite(loss) and torch.isfinite(extreme.grad).all()
        extreme.grad = None


def test_optimal_discriminator_formula():
    p_data = np.array([0.4, 0.1, 0.0, 0.3])
    p_g = np.array([0.4, 0.3, 0.0, 0.0])
    np.testing.assert_allclose(optimal_discriminator(p_data, p_g), [0.5, 0.25, 0.5, 1.0])
    np.testing.assert_allclose(optimal_discriminator(p_data, p_g, real_target=0.9), [0.45, 0.225, 0.45, 0.9])
    t = optimal_discriminator(torch.tensor([1.0]), torch.tensor([3.0]))
    assert isinstance(t, torch.Tensor) and t.item() == pytest.approx(0.25)


def test_bad_arguments_named():
    with pytest.raises(ValueError, match="kind"):
        generator_loss(torch.zeros(2, 1), "wasserstein")
    with pytest.raises(ValueError, match="real_target"):
        discriminator_loss(torch.zeros(2, 1), torch.zeros(2, 1), real_target=1.5)
