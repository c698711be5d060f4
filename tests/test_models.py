import pytest
import torch

from gan_utils.models import MODEL_CONFIGS, Discriminator, Dropout, Generator, build_models, count_parameters


def test_reference_mnist_architecture():
    G, D = build_models("mnist", seed=0)
    g_linear = [m for m in G if isinstance(m, torch.nn.Linear)]
    d_linear = [m for m in D if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in g_linear] == [(100, 256), (256, 512), (512, 1024), (1024, 784)]
    assert [(m.in_features, m.out_features) for m in d_linear] == [(784, 1024), (1024, 512), (512, 256), (256, 1)]
    assert sum(isinstance(m, Dropout) and m.p == 0.3 for m in D) == 3
    assert isinstance(G[-1], torch.nn.Tanh)
    assert all(m.negative_slope == 0.2 for m in G if isinstance(m, torch.nn.LeakyReLU))


def test_textbook_variant_has_z128():
    G, _ = build_models("mnist-textbook", seed=0)
    assert G.z_dim == 128 and G[0].in_features == 128


def test_weights_initialised_normal_002():
    G, D = build_models("mnist", seed=0)
    w = torch.cat([m.weight.flatten() for m in G if isinstance(m, torch.nn.Linear)])
    assert w.mean().item() == pytest.approx(0.0, abs=1e-3)
    assert w.std().item() == pytest.approx(0.02, rel=0.02)
    assert all(torch.all(m.bias == 0) for m in D if isinstance(m, torch.nn.Linear))


def test_shapes_and_ranges():
    G, D = build_models("mnist", seed=0)
    z = torch.randn(5, 100)
    x = G(z)
    assert x.shape == (5, 784)
    assert x.min() >= -1 and x.max() <= 1
    assert D(x).shape == (5, 1)
    G1, D1 = build_models("gaussian", init=False, seed=0)
    out = G1(torch.randn(4, G1.z_dim))
    assert out.shape == (4, 1) and D1(out).shape == (4, 1)


def test_linear_output_is_unbounded():
    G = Generator(z_dim=2, hidden=(8,), out_dim=1, out_activation=None)
    with torch.no_grad():
        G[-1].bias.fill_(50.0)
    assert G(torch.zeros(1, 2)).item() > 10  # tanh 없이 큰 값도 낼 수 있어야 1차원 분포를 배운다


def test_parameter_counts():
    G, D = build_models("mnist", seed=0)
    assert count_parameters(G) == 100 * 256 + 256 + 256 * 512 + 512 + 512 * 1024 + 1024 + 1024 * 784 + 784
    assert count_parameters(D) == 784 * 1024 + 1024 + 1024 * 512 + 512 + 512 * 256 + 256 + 256 + 1


@pytest.mark.parametrize("kwargs,name", [
    (dict(z_dim=0), "z_dim"), (dict(hidden=(16, -1)), "hidden"), (dict(out_activation="relu"), "out_activation"),
    (dict(noise="cauchy"), "noise"),
])
def test_generator_rejects_bad_config(kwargs, name):
    with pytest.raises(ValueError, match=name):
        Generator(**kwargs)


def test_discriminator_rejects_bad_dropout():
    with pytest.raises(ValueError, match="dropout"):
        Discriminator(dropout=1.5)


def test_unknown_config_name():
    with pytest.raises(ValueError, match="name"):
        build_models("cifar")
    assert {"mnist", "mnist-textbook", "gaussian"} <= set(MODEL_CONFIGS)


def test_dropout_matches_nn_dropout_statistics_and_gradient():
    """키트의 빠른 Dropout: 0이 되는 비율이 p, 남은 값은 1/(1 - p)배, 기울기도 같은 마스크로, 평가 때는 그대로."""
    torch.manual_seed(0)
    drop = Dropout(0.3)
    x = torch.ones(1000, 1003, requires_grad=True)  # 원소 수가 4의 배수가 아니어도 된다
    y = drop(x)
    zeroed = (y == 0).float().mean().item()
    assert abs(zeroed - 0.3) < 0.005
    assert torch.allclose(y[y != 0], torch.full_like(y[y != 0], 1 / 0.7))
    y.sum().backward()
    assert torch.equal(x.grad, y.detach())  # d(x·mask)/dx = mask
    assert not torch.equal(drop(x), y)  # 부를 때마다 새 마스크
    drop.eval()
    assert torch.equal(drop(x), x)
    with pytest.raises(ValueError, match="p"):
        Dropout(1.0)
