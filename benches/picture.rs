//! Drawing the pictures of the Tianshan boards: `picture/fonts` finds and reads Noto Sans CJK
//! SC (once per run), `picture/layout` lays out the newsletter's SVG, and `picture/board` and
//! `picture/newsletter` draw a board's and the newsletter's PNG at each density (shaping the
//! text, rasterizing, compressing). Needs the font (Debian's fonts-noto-cjk).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use livability::render::{Density, Fonts, PictureOptions};
use livability::{Options, Spec};

fn pictures(c: &mut Criterion) {
    let spec = Spec::from_path("fixtures/tianshan/spec.toml").expect("the fixture's spec");
    let rankings = livability::rank(&spec, &Options::new()).expect("the fixture's boards");
    let options = PictureOptions::new();
    let mut group = c.benchmark_group("picture");
    group.sample_size(10);
    group.bench_function("fonts", |b| {
        b.iter(|| Fonts::system().expect("Noto Sans CJK SC (fonts-noto-cjk)"))
    });
    let fonts = Fonts::system().expect("Noto Sans CJK SC (fonts-noto-cjk)");
    group.bench_function("layout", |b| {
        b.iter(|| rankings.newsletter_picture(&options))
    });
    let board = &rankings.boards[0];
    let picture = rankings.board_picture(board, &options);
    let newsletter = rankings.newsletter_picture(&options);
    for density in Density::ALL {
        let factor = density.factor();
        group.bench_with_input(BenchmarkId::new("board", factor), &picture, |b, picture| {
            b.iter(|| picture.to_png(&fonts, density).expect("drawn"))
        });
        group.bench_with_input(
            BenchmarkId::new("newsletter", factor),
            &newsletter,
            |b, picture| b.iter(|| picture.to_png(&fonts, density).expect("drawn")),
        );
    }
    group.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
